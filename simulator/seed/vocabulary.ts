/**
 * Words seeded records are made of. Job titles and conversion names use the words the built-in
 * playbook reads (src/handoff/default-playbook.ts): seniority ("Director", "VP", "Head of",
 * "Chief"), excluded roles ("Student", "Intern"), buying conversions ("demo", "pricing", "trial",
 * "contact sales", "quote") and content ("ebook", "whitepaper", "webinar", "newsletter").
 */
export const FREE_EMAIL_DOMAINS = [
  'gmail.com',
  'outlook.com',
  'yahoo.com',
  'hotmail.com',
  'icloud.com',
  'proton.me',
];
export const DISPOSABLE_EMAIL_DOMAINS = [
  'mailinator.com',
  'yopmail.com',
  'guerrillamail.com',
  '10minutemail.com',
  'trashmail.com',
];
export const MULTI_PART_SUFFIXES = ['co.uk', 'com.au', 'co.nz', 'com.br', 'co.jp', 'co.za'];
export const COUNTRY_DOMAINS = ['de', 'fr', 'nl', 'es', 'it', 'com.au', 'co.uk'];
export const NEW_COMPANY_SUFFIXES = ['com', 'com', 'com', 'io', 'co', 'ai', 'net', 'co.uk', 'de'];

export const FUNCTIONS = [
  'Sales',
  'Marketing',
  'Operations',
  'Revenue Operations',
  'Customer Success',
  'Finance',
  'IT',
  'Growth',
];
export const SENIOR_TITLES = [
  'Director of {f}',
  'VP of {f}',
  'Head of {f}',
  'Senior Director, {f}',
  'Vice President {f}',
];
export const EXECUTIVE_TITLES = ['CEO', 'Founder & CEO', 'Chief Revenue Officer', 'CMO', 'COO', 'Co-founder'];
export const MANAGER_TITLES = ['{f} Manager', 'Senior {f} Manager', '{f} Team Lead'];
export const JUNIOR_TITLES = ['{f} Specialist', '{f} Coordinator', '{f} Associate', '{f} Analyst'];
export const STUDENT_TITLES = [
  'Student',
  'MBA Student',
  'Marketing Intern',
  'Sales Intern',
  'Graduate Student',
];

export const BUYING_CONVERSIONS = ['Demo request', 'Request a demo', 'Contact sales form', 'Talk to sales'];
export const PRICING_CONVERSIONS = ['Pricing page inquiry', 'Start free trial', 'Request a quote'];
export const CONTENT_CONVERSIONS = [
  'Ebook: The lead handoff playbook',
  'Whitepaper: Speed to lead 2026',
  'SLA checklist template download',
  'Guide: routing rules that reps trust',
];
export const WEBINAR_CONVERSIONS = ['Webinar: Marketing and sales alignment', 'Workshop registration'];
export const NEWSLETTER_CONVERSIONS = ['Newsletter subscription', 'Blog subscribe'];

export const INDUSTRIES = [
  'COMPUTER_SOFTWARE',
  'INFORMATION_TECHNOLOGY_AND_SERVICES',
  'MARKETING_AND_ADVERTISING',
  'FINANCIAL_SERVICES',
  'HOSPITAL_HEALTH_CARE',
  'RETAIL',
  'LOGISTICS_AND_SUPPLY_CHAIN',
  'MANUFACTURING',
  'EDUCATION_MANAGEMENT',
];
export const COUNTRIES = [
  'United States',
  'United States',
  'United Kingdom',
  'Germany',
  'Canada',
  'Australia',
  'France',
  'Netherlands',
];
export const SOURCES = [
  'ORGANIC_SEARCH',
  'PAID_SEARCH',
  'DIRECT_TRAFFIC',
  'SOCIAL_MEDIA',
  'REFERRALS',
  'EMAIL_MARKETING',
  'PAID_SOCIAL',
];
export const EMPLOYEE_RANGES = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];
export const FIT_RANGES = ['50-100', '100-500', '500-1000'];

export const OPEN_STAGES = [
  'appointmentscheduled',
  'qualifiedtobuy',
  'presentationscheduled',
  'decisionmakerboughtin',
  'contractsent',
];
export const CLOSED_STAGES = ['closedwon', 'closedlost'];

/** A company name as the label of a domain: `Kuhn, Ortiz and Daniel` → `kuhnortizdaniel`. */
export function domainLabel(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\b(and|inc|llc|group|ltd)\b/g, '')
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 24);
}
