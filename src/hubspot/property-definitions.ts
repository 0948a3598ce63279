/**
 * The contact properties of CONTRACT §3: exact internal names, types and field types, and the
 * enumeration values with the labels reps see. All live in the `sales_handoff` group.
 */
import { DEFAULT_RATING_REASONS } from '../handoff/lead-rating';

export const HANDOFF_GROUP = { name: 'sales_handoff', label: 'Sales handoff', displayOrder: -1 } as const;

type PropertyType = 'enumeration' | 'string' | 'number' | 'datetime';
type FieldType = 'select' | 'text' | 'textarea' | 'number' | 'date';

export interface PropertyOption {
  label: string;
  value: string;
  hidden: boolean;
  displayOrder?: number;
}

/** `PropertyCreate` of HubSpot's properties API. */
export interface HandoffPropertyDefinition {
  name: string;
  label: string;
  description: string;
  groupName: string;
  type: PropertyType;
  fieldType: FieldType;
  options?: PropertyOption[];
  externalOptions?: boolean;
  referencedObjectType?: string;
  formField: boolean;
}

const options = (pairs: Array<[string, string]>): PropertyOption[] =>
  pairs.map(([value, label], displayOrder) => ({ value, label, hidden: false, displayOrder }));

const define = (
  name: string,
  label: string,
  description: string,
  shape: Pick<HandoffPropertyDefinition, 'type' | 'fieldType'> &
    Partial<Pick<HandoffPropertyDefinition, 'options' | 'externalOptions' | 'referencedObjectType'>>,
): HandoffPropertyDefinition => ({
  name,
  label,
  description,
  groupName: HANDOFF_GROUP.name,
  formField: false,
  ...shape,
});

const text = { type: 'string', fieldType: 'text' } as const;
const score = { type: 'number', fieldType: 'number' } as const;
const when = { type: 'datetime', fieldType: 'date' } as const;
const select = (pairs: Array<[string, string]>) => ({
  type: 'enumeration' as const,
  fieldType: 'select' as const,
  options: options(pairs),
});

export const HANDOFF_PROPERTIES: readonly HandoffPropertyDefinition[] = [
  define(
    'handoff_status',
    'Handoff status',
    'Where the lead stands in the marketing-to-sales handoff',
    select([
      ['sales_ready', 'Sales-ready'],
      ['needs_qualification', 'Needs qualification'],
      ['nurture', 'Nurture'],
      ['disqualified', 'Disqualified'],
      ['duplicate_or_existing', 'Duplicate or existing account'],
    ]),
  ),
  define(
    'handoff_priority',
    'Handoff priority',
    'How fast sales should respond',
    select([
      ['high', 'High'],
      ['medium', 'Medium'],
      ['low', 'Low'],
    ]),
  ),
  define('handoff_owner', 'Handoff owner', 'Who owns the next action on this lead', {
    type: 'enumeration',
    fieldType: 'select',
    externalOptions: true,
    referencedObjectType: 'OWNER',
  }),
  define('handoff_reason', 'Handoff reason', 'Why this status and this owner, in one line', text),
  define(
    'handoff_match',
    'Handoff match',
    'What existing CRM record the lead matched',
    select([
      ['none', 'No match'],
      ['existing_account', 'Existing account'],
      ['open_opportunity', 'Open opportunity'],
      ['duplicate_contact', 'Duplicate contact'],
    ]),
  ),
  define(
    'handoff_matched_company_id',
    'Handoff matched company ID',
    'The HubSpot company the contact matched',
    text,
  ),
  define('handoff_matched_deal_id', 'Handoff matched deal ID', 'The open deal that decided the owner', text),
  define(
    'handoff_fit_score',
    'Handoff fit score',
    'How well the lead fits the ideal customer profile (0–100)',
    score,
  ),
  define('handoff_intent_score', 'Handoff intent score', 'How strong the buying intent is (0–100)', score),
  define('handoff_source', 'Handoff source', 'Marketing source at handoff time', text),
  define('handoff_entry_point', 'Handoff entry point', 'First page or campaign at handoff time', text),
  define('handoff_offer', 'Handoff offer', 'Form or content converted on at handoff time', text),
  define('handoff_routed_at', 'Handoff routed at', 'When status and owner were written', when),
  define('handoff_sla_due_at', 'Handoff SLA due at', 'When the first sales action is due', when),
  define('handoff_first_action_at', 'Handoff first action at', 'First sales action seen after routing', when),
  define(
    'handoff_sla_status',
    'Handoff SLA status',
    'Whether the first action met the response expectation',
    select([
      ['pending', 'Pending'],
      ['met', 'Met'],
      ['breached', 'Breached'],
      ['not_applicable', 'Not applicable'],
    ]),
  ),
  define(
    'handoff_outcome',
    'Handoff outcome',
    'What sales made of the lead',
    select([
      ['accepted', 'Accepted'],
      ['qualification_in_progress', 'Qualification in progress'],
      ['qualified_opportunity', 'Qualified opportunity'],
      ['disqualified', 'Disqualified'],
      ['nurture_ready', 'Nurture-ready'],
      ['no_response', 'No response'],
      ['duplicate', 'Duplicate'],
      ['recycled', 'Recycled'],
    ]),
  ),
  define(
    'handoff_disqualification_reason',
    'Handoff disqualification reason',
    'Why sales disqualified the lead',
    select([
      ['poor_fit', 'Poor fit'],
      ['no_clear_problem', 'No clear problem'],
      ['low_intent', 'Low intent'],
      ['wrong_role', 'Wrong role'],
      ['no_response', 'No response'],
      ['duplicate', 'Duplicate'],
      // The card's catch-all; a feedback note must say why (src/handoff/outcome-properties.ts).
      ['other', 'Other'],
    ]),
  ),
  define('handoff_feedback_note', 'Handoff feedback note', "The rep's feedback for marketing", {
    type: 'string',
    fieldType: 'textarea',
  }),
  define(
    'handoff_stage',
    'Handoff stage',
    'Where the lead stands in the funnel: MQL, SAL, SQL, opportunity, or sent back',
    select([
      ['mql', 'MQL'],
      ['sal', 'SAL (accepted)'],
      ['sql', 'SQL (qualified)'],
      ['opportunity', 'Opportunity'],
      ['recycled', 'Recycled'],
      ['disqualified', 'Disqualified'],
    ]),
  ),
  define('handoff_mql_at', 'Handoff MQL at', 'When the lead was handed to sales in this round', when),
  define('handoff_sal_at', 'Handoff SAL at', 'When sales accepted the lead in this round', when),
  define('handoff_sql_at', 'Handoff SQL at', 'When sales qualified the lead in this round', when),
  define(
    'handoff_opportunity_at',
    'Handoff opportunity at',
    'When a deal was associated with the lead in this round',
    when,
  ),
  define('handoff_next_step', 'Handoff next step', 'The next step the owner committed to', text),
  define('handoff_next_step_at', 'Handoff next step at', 'When the next step is due', when),
  define(
    'handoff_lead_rating',
    'Handoff lead rating',
    "Sales' rating of the lead's quality, 1 (poor) to 5 (great)",
    score,
  ),
  define(
    'handoff_lead_rating_reason',
    'Handoff lead rating reason',
    'Why sales rated the lead so',
    select(DEFAULT_RATING_REASONS.map((reason) => [reason.id, reason.label])),
  ),
  define('handoff_lead_rated_at', 'Handoff lead rated at', 'When sales last rated the lead', when),
];

type Reason = { id: string; label: string };

/**
 * The properties with the playbook's own reasons added as options: a disqualification or rating
 * reason RevOps adds must exist on the HubSpot property too, or HubSpot refuses a rep's pick of it.
 */
export function handoffPropertiesFor(
  reasons: ReadonlyArray<Reason> = [],
  ratingReasons: ReadonlyArray<Reason> = [],
): HandoffPropertyDefinition[] {
  const extra: Record<string, ReadonlyArray<Reason>> = {
    handoff_disqualification_reason: reasons,
    handoff_lead_rating_reason: ratingReasons,
  };
  return HANDOFF_PROPERTIES.map((property) => withOptions(property, extra[property.name] ?? []));
}

function withOptions(
  property: HandoffPropertyDefinition,
  reasons: ReadonlyArray<Reason>,
): HandoffPropertyDefinition {
  const options = property.options ?? [];
  const known = new Set(options.map((option) => option.value));
  const added = reasons
    .filter((reason) => !known.has(reason.id))
    .map((reason, index) => ({
      label: reason.label,
      value: reason.id,
      hidden: false,
      displayOrder: options.length + index,
    }));
  return added.length === 0 ? property : { ...property, options: [...options, ...added] };
}
