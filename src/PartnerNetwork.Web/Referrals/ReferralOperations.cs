using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Referrals;

public enum MoveOutcome
{
    Moved,
    Refused,
    /// <summary>Someone else changed the referral first; nothing was written.</summary>
    Conflict,
}

public sealed record MoveResult(MoveOutcome Outcome, string? RefusalKey = null);

/// <summary>The referral changes that touch several rows (referral, events, outbox) in one save.</summary>
public sealed class ReferralOperations(PartnerNetworkDb db, ReferralMail mail, TimeProvider clock)
{
    DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<Referral> SendAsync(Family family, Service service, ReferralKind kind, Guid agentId, Action<Referral> details)
    {
        var referral = Referral.Send(family, service, kind, agentId, Now);
        details(referral);
        db.Referrals.Add(referral);
        family.LastActivityAt = Now;
        if (kind == ReferralKind.WarmHandoff) await mail.NewReferralAsync(referral);
        await db.SaveChangesAsync();
        return referral;
    }

    /// <summary>
    /// Applies a transition if the referral is still at <paramref name="expectedVersion"/> (the version the user saw).
    /// The database checks the version again on save, so of two simultaneous moves exactly one is applied.
    /// </summary>
    public async Task<MoveResult> MoveAsync(Referral referral, Guid expectedVersion, ReferralState to, ReferralActor actor, Guid userId,
        ReferralReason? reason, string? note)
    {
        if (referral.Version != expectedVersion) return new(MoveOutcome.Conflict);
        var refusal = referral.Move(to, actor, userId, reason, note, Now);
        if (refusal is not null) return new(MoveOutcome.Refused, refusal);
        if (actor == ReferralActor.Partner) await mail.StatusChangedAsync(referral);
        else if (to == ReferralState.Cancelled) await mail.CancelledAsync(referral);
        try
        {
            await db.SaveChangesAsync();
            return new(MoveOutcome.Moved);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return new(MoveOutcome.Conflict);
        }
    }

    /// <summary>
    /// Withdraws a consent: contact details stop reaching the organisations it covered at once (they are checked on every
    /// view), and the family's open referrals to organisations no longer covered are cancelled by the system, one event each.
    /// </summary>
    public async Task<int> WithdrawConsentAsync(Family family, Consent consent, Guid userId)
    {
        var now = Now;
        consent.WithdrawnAt = now;
        consent.WithdrawnById = userId;
        family.LastActivityAt = now;
        var today = WeeklyHours.Today(clock);
        var cancelled = 0;
        foreach (var referral in family.Referrals.Where(r => r.IsOpen && (consent.AnyOrganization || consent.Organizations.Any(o => o.OrganizationId == r.OrganizationId))))
        {
            if (family.MayShareWith(referral.OrganizationId, today)) continue;
            if (referral.Move(ReferralState.Cancelled, ReferralActor.System, null, ReferralReason.ConsentWithdrawn, null, now) is null)
            {
                cancelled++;
                await mail.CancelledAsync(referral);
            }
        }
        await db.SaveChangesAsync();
        return cancelled;
    }
}
