using PartnerNetwork.Core.Access;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Privacy;

/// <summary>Writes who looked at which family's identifying data, and when (saved at once, whatever the page does next).</summary>
public sealed class AccessLog(PartnerNetworkDb db, TimeProvider clock)
{
    public async Task RecordAsync(Actor actor, Guid familyId, FamilyAccess what, Guid? referralId = null)
    {
        db.AccessLog.Add(new AccessLogEntry
        {
            At = clock.GetUtcNow().UtcDateTime, UserId = actor.UserId, FamilyId = familyId, ReferralId = referralId, What = what,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>One entry per family (or per referral) a page listed, in one save.</summary>
    public async Task RecordManyAsync(Actor actor, IEnumerable<(Guid FamilyId, Guid? ReferralId)> seen, FamilyAccess what)
    {
        var at = clock.GetUtcNow().UtcDateTime;
        var entries = seen.Distinct().Select(s => new AccessLogEntry { At = at, UserId = actor.UserId, FamilyId = s.FamilyId, ReferralId = s.ReferralId, What = what }).ToList();
        if (entries.Count == 0) return;
        db.AccessLog.AddRange(entries);
        await db.SaveChangesAsync();
    }

    /// <summary>A look through a referral's e-mail link: no user, the link's address instead.</summary>
    public async Task RecordLinkAsync(string email, Guid familyId, FamilyAccess what, Guid referralId)
    {
        db.AccessLog.Add(new AccessLogEntry
        {
            At = clock.GetUtcNow().UtcDateTime, ViaEmail = email, FamilyId = familyId, ReferralId = referralId, What = what,
        });
        await db.SaveChangesAsync();
    }
}
