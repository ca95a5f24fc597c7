using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Referrals;

/// <summary>
/// What each role may reach, as queries every page starts from: agents the families and referrals of their assigned
/// schools; partner staff the warm handoffs sent to their organisation; CSS staff and admins no family data at all.
/// A record outside the scope is simply not found.
/// </summary>
public static class Scopes
{
    public static IQueryable<Family> Families(this PartnerNetworkDb db, Actor actor) =>
        actor.Role == Role.Agent ? db.Families.Where(f => actor.SchoolIds.Contains(f.SchoolId)) : db.Families.Where(_ => false);

    public static IQueryable<Referral> Referrals(this PartnerNetworkDb db, Actor actor) => actor.Role switch
    {
        Role.Agent => db.Referrals.Where(r => actor.SchoolIds.Contains(r.SchoolId)),
        Role.PartnerStaff when actor.OrganizationId is { } org =>
            db.Referrals.Where(r => r.OrganizationId == org && r.Kind == ReferralKind.WarmHandoff),
        _ => db.Referrals.Where(_ => false),
    };

    public static ReferralActor? ReferralActorOf(Actor actor) => actor.Role switch
    {
        Role.Agent => ReferralActor.Agent,
        Role.PartnerStaff => ReferralActor.Partner,
        _ => null,
    };
}
