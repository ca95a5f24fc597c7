using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Data.Exchange;

/// <summary>
/// What every reader takes onto a <see cref="Service"/>, mapped in one place. A spreadsheet row is a partial listing,
/// so its blanks keep what is held (<see cref="BlankKeeps"/>); an HSDS record is the whole listing, so its blanks clear.
/// </summary>
public sealed record ImportedService(
    string? Description, IReadOnlyList<string> Languages, Cost Cost, int? MinimumAge, int? MaximumAge,
    string? ReferralContactName, string? ReferralEmail, string? ReferralPhone, bool AcceptsReferrals, bool IsRemote,
    IEnumerable<Guid> Needs, IReadOnlyList<WeeklyOpening> Hours, bool BlankKeeps)
{
    public void ApplyTo(Service service)
    {
        string? Kept(string? value, string? held) => BlankKeeps ? value ?? held : value;
        service.Description = Kept(Description, service.Description) ?? "";
        service.Languages = Languages.Distinct().ToList();
        service.Cost = Cost;
        (service.MinimumAge, service.MaximumAge) = (MinimumAge, MaximumAge);
        service.ReferralContactName = Kept(ReferralContactName, service.ReferralContactName);
        service.ReferralEmail = Kept(ReferralEmail, service.ReferralEmail);
        service.ReferralPhone = Kept(ReferralPhone, service.ReferralPhone);
        service.AcceptsReferrals = AcceptsReferrals;
        service.IsRemote = IsRemote;
        service.SetNeeds(Needs);
        if (!BlankKeeps || Hours.Count > 0) service.SetWeeklyHours(Hours);
    }
}
