using Microsoft.Extensions.Localization;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Web.Localization;

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

    /// <summary>Who acted: the user's name, "via link, address" for a partner without an account, or the system.</summary>
    public static string Who(Guid? userId, string? viaEmail, IReadOnlyDictionary<Guid, string> names, IStringLocalizer<SharedResource> L) =>
        userId is { } id ? names.GetValueOrDefault(id, "?")
        : viaEmail is not null ? L["Timeline.ViaLink", viaEmail]
        : L["Timeline.System"];

    /// <summary>A note's author and their side ("Agent", "Partner"); a link's address says both.</summary>
    public static string Author(ReferralNote note, IReadOnlyDictionary<Guid, string> names, IStringLocalizer<SharedResource> L) =>
        note.AuthorId is { } id ? $"{names.GetValueOrDefault(id, "?")} ({L[$"ReferralActor.{note.Author}"]})" : Who(null, note.ViaEmail, names, L);
}
