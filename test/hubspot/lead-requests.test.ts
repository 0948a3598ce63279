import { leadCreateInput } from '../../src/hubspot/lead-requests';

describe('lead requests', () => {
  it('creates a lead with its primary contact (578), and its company (580) when it has one', () => {
    const properties = { hs_lead_name: 'Ada Lovelace' };
    expect(leadCreateInput({ contactId: '101', companyId: '7', properties })).toEqual({
      properties,
      associations: [
        { to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }] },
        { to: { id: '7' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 580 }] },
      ],
    });
    expect(leadCreateInput({ contactId: '101', companyId: null, properties }).associations).toHaveLength(1);
  });
});
