using PartnerNetwork.Core.Referrals;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>A referral's events for the timeline partial, with the names of who acted.</summary>
public sealed record Timeline(IEnumerable<ReferralEvent> Events, IReadOnlyDictionary<Guid, string> UserNames, ReferralKind Kind);
