using System.Globalization;
using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Data.Exchange;

/// <summary>
/// Everything an import can change on a listing, as text: equal before and after means the record changed nothing
/// (counted unchanged, not verified again). Every reader compares these.
/// </summary>
public static class ListingFingerprint
{
    public static string Of(Organization o) => string.Join('|',
        o.Name, o.Description, o.Email, o.Phone, o.Website, string.Join(',', o.Texts.OrderBy(t => t.Language).Select(t => $"{t.Language}:{t.Name}:{t.Description}")));

    /// <summary>The organisation, the service and the sites it is offered at (found by <paramref name="location"/>).</summary>
    public static string Of(Organization o, Service s, Func<Guid, Location?> location) => string.Join('|', Of(o),
        s.Name, s.Description, s.Status, s.EligibilityDescription, s.MinimumAge, s.MaximumAge, s.Cost, string.Join(',', s.Languages), s.ReferralEmail, s.ReferralPhone,
        s.ReferralContactName, s.AcceptsReferrals, s.KeepsWaitlist, s.WaitlistLength, s.MinimumGrade, s.MaximumGrade, s.IsRemote, s.Capacity.Available, s.Capacity.Maximum, s.Capacity.Unit,
        string.Join(',', s.Texts.OrderBy(t => t.Language).Select(t => $"{t.Language}:{t.Name}:{t.Description}")),
        string.Join(',', s.Categories.Select(c => c.NeedCategoryId).Order()),
        string.Join(',', s.Schedules.Select(h => $"{h.ByDay}{h.OpensAt}{h.ClosesAt}").Order()),
        string.Join(',', s.ServiceAtLocations.Select(l => l.LocationId).Order().Select(id => location(id) is { } l
            ? $"{l.Name}:{l.Address1}:{l.City}:{l.PostalCode}:{l.Latitude?.ToString(CultureInfo.InvariantCulture)}:{l.Longitude?.ToString(CultureInfo.InvariantCulture)}" : id.ToString())));
}
