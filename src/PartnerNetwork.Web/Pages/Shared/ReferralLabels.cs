using PartnerNetwork.Core.Referrals;

namespace PartnerNetwork.Web.Pages.Shared;

public static class ReferralLabels
{
    /// <summary>
    /// The key of a state's label. Information given is not a partner's handoff: its states read "information given",
    /// "followed up" and "no follow-through", not "sent", "completed" and "unsuccessful".
    /// </summary>
    public static string StateKey(ReferralKind kind, ReferralState state) =>
        kind == ReferralKind.InformationGiven && state is ReferralState.Sent or ReferralState.Completed or ReferralState.Unsuccessful
            ? $"InformationState.{state}"
            : $"ReferralState.{state}";
}
