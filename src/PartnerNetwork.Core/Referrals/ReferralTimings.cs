namespace PartnerNetwork.Core.Referrals;

/// <summary>How long each step of a referral took, derived from its events; null for a step not reached.</summary>
public sealed record ReferralTimings(TimeSpan? ToAcknowledge, TimeSpan? ToFirstContact, TimeSpan? ToClose)
{
    public static ReferralTimings Of(IEnumerable<ReferralEvent> events)
    {
        var ordered = events.OrderBy(e => e.At).ToList();
        var sent = ordered.FirstOrDefault(e => e.From is null)?.At;
        if (sent is null) return new(null, null, null);
        TimeSpan? Until(Func<ReferralEvent, bool> reached) => ordered.FirstOrDefault(reached) is { } e ? e.At - sent.Value : null;
        return new(
            Until(e => e.To == ReferralState.Acknowledged),
            Until(e => e.To == ReferralState.InProgress),
            Until(e => ReferralWorkflow.IsFinal(e.To)));
    }
}
