using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;

namespace PartnerNetwork.Data.Exchange.Hsds;

/// <summary>
/// How our directory reads as Open Referral HSDS 3.0. Names and descriptions are French (the listing's language, HSDS
/// <c>language</c> "fr" on terms); a need's English name is an attribute of its term. What HSDS has no field for — taking
/// referrals, waitlist, capacity, evening and weekend opening, grades — is an attribute whose term belongs to our
/// "partnernetwork-profile" taxonomy (listed by /taxonomies and /taxonomy_terms like the needs).
/// </summary>
public static class HsdsMapping
{
    /// <summary>HSDS JSON as the API, the package and the copies write it: snake_case, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static readonly Guid NeedsTaxonomyId = StableId.From("hsds-taxonomy", "needs");
    public static readonly Guid ProfileTaxonomyId = StableId.From("hsds-taxonomy", "partnernetwork-profile");

    /// <summary>Our attributes beyond HSDS, as terms of the profile taxonomy.</summary>
    public static readonly IReadOnlyList<(string Code, string Name, string Description)> ProfileTerms =
    [
        ("accepts-referrals", "Accepte les orientations", "true when the service takes referrals now; value true/false"),
        ("capacity-available", "Places disponibles", "HSDS 3.1 service_capacity.available: how many more the service can take now"),
        ("capacity-maximum", "Capacité maximale", "HSDS 3.1 service_capacity.maximum"),
        ("capacity-unit", "Unité de capacité", "what capacity counts: familles, places, enfants…"),
        ("keeps-waitlist", "Liste d'attente", "true when the service keeps a waiting list when full"),
        ("waitlist-length", "Familles en attente", "how many families wait"),
        ("open-evenings", "Ouvert le soir", "true when an opening ends after 17:00 local time"),
        ("open-weekends", "Ouvert la fin de semaine", "true when open on Saturday or Sunday"),
        ("minimum-grade", "Niveau scolaire minimal", "-1 (pre-kindergarten 4) … 11 (Secondary 5)"),
        ("maximum-grade", "Niveau scolaire maximal", "-1 (pre-kindergarten 4) … 11 (Secondary 5)"),
        ("remote", "À distance", "true when delivered by phone, text or online"),
        .. ListingText.Languages.SelectMany(l => new[]
        {
            ($"name-{l}", $"Nom ({l})", $"the name as the partner wrote it in language {l} (ISO 639-1); the HSDS name is French"),
            ($"description-{l}", $"Description ({l})", $"the description as the partner wrote it in language {l} (ISO 639-1)"),
        }),
    ];

    /// <summary>A listing's own texts in other languages, as name-xx / description-xx attributes of its record.</summary>
    static IEnumerable<HsdsAttribute> TextAttributes(Guid linkId, string linkType, IEnumerable<ListingText> texts) =>
        texts.OrderBy(t => t.Language).SelectMany(t => new[]
        {
            ProfileAttribute(linkId, linkType, $"name-{t.Language}", t.Name),
            t.Description is { Length: > 0 } description ? ProfileAttribute(linkId, linkType, $"description-{t.Language}", description) : null,
        }).OfType<HsdsAttribute>();

    public static Guid ProfileTermId(string code) => StableId.From("hsds-profile-term", code);

    static string Id(Guid id) => id.ToString();

    static string Sub(string kind, Guid owner, string key) => Id(StableId.From($"hsds-{kind}", $"{owner:N}/{key}"));

    /// <summary>The website as the partner wrote it when it is already an absolute address (so an export imports back unchanged).</summary>
    static string? Uri(string? website) =>
        website is null ? null
        : website.StartsWith("http", StringComparison.OrdinalIgnoreCase) && System.Uri.TryCreate(website, UriKind.Absolute, out _) ? website
        : System.Uri.TryCreate("https://" + website, UriKind.Absolute, out var uri) ? uri.ToString() : null;

    static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    static readonly string[] Days = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    public static HsdsTaxonomyTerm Term(NeedCategory need) =>
        new(Id(need.Id), need.Code, need.NameFr, need.DescriptionFr, Id(NeedsTaxonomyId), "fr", "PartnerNetwork needs");

    /// <summary>The same need in English: its own term (language "en", same code), so either language can be read.</summary>
    public static HsdsTaxonomyTerm EnglishTerm(NeedCategory need) =>
        new(Id(StableId.From("hsds-need-en", need.Code)), need.Code, need.NameEn, need.DescriptionEn, Id(NeedsTaxonomyId), "en", "PartnerNetwork needs");

    public static HsdsAttribute ProfileAttribute(Guid linkId, string linkType, string code, string value) =>
        new(Sub("attribute", linkId, code), Id(linkId), Id(ProfileTermId(code)), linkType, linkType, value);

    /// <summary>
    /// A service's one-to-one fields, as HSDS lists give them: its own fields and its organisation's (when loaded), no
    /// arrays of child records — those come with full=true or from /services/{id}.
    /// </summary>
    public static HsdsService ServiceFields(Service s) =>
        new(Id(s.Id), Id(s.OrganizationId), s.Name, s.Description, s.ReferralEmail, s.IsActive ? "active" : "inactive",
            s.Cost switch { Cost.Free => "Gratuit", Cost.LowCost => "À faible coût", _ => "Payant" },
            s.EligibilityDescription, s.MinimumAge, s.MaximumAge, s.AssuredDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            s.UpdatedAt == default ? null : DateTime.SpecifyKind(s.UpdatedAt, DateTimeKind.Utc).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            Organization: s.Organization is { } o ? OrganizationFields(o) : null);

    public static HsdsService Service(Service s, IReadOnlyDictionary<Guid, NeedCategory> needs, bool full)
    {
        // Ordered here, not by the database: a page and the record's own endpoint give the same arrays on every provider.
        var attributes = s.Categories.Where(c => needs.ContainsKey(c.NeedCategoryId)).Select(c => needs[c.NeedCategoryId]).OrderBy(n => n.SortOrder)
            .Select(n => new HsdsAttribute(Sub("attribute", s.Id, n.Code), Id(s.Id), Id(n.Id), "service", "service", n.Code, Term(n))).ToList();
        void Profile(string code, object? value)
        {
            if (value is not null) attributes.Add(ProfileAttribute(s.Id, "service", code, Convert.ToString(value, CultureInfo.InvariantCulture)!.ToLowerInvariant()));
        }
        Profile("accepts-referrals", s.AcceptsReferrals);
        Profile("capacity-available", s.Capacity.Available);
        Profile("capacity-maximum", s.Capacity.Maximum);
        if (s.Capacity.Unit is { } unit) attributes.Add(ProfileAttribute(s.Id, "service", "capacity-unit", unit));
        Profile("keeps-waitlist", s.KeepsWaitlist);
        Profile("waitlist-length", s.WaitlistLength);
        Profile("open-evenings", WeeklyHours.OpenEvenings(s.Schedules));
        Profile("open-weekends", WeeklyHours.OpenWeekends(s.Schedules));
        Profile("minimum-grade", s.MinimumGrade);
        Profile("maximum-grade", s.MaximumGrade);
        Profile("remote", s.IsRemote);
        attributes.AddRange(TextAttributes(s.Id, "service", s.Texts));

        return ServiceFields(s) with
        {
            Phones = s.ReferralPhone is { } phone ? [new HsdsPhone(Sub("phone", s.Id, "referral"), phone, ServiceId: Id(s.Id), Type: "voice")] : [],
            Schedules = s.Schedules.OrderBy(h => h.ByDay == DayOfWeek.Sunday ? 7 : (int)h.ByDay).ThenBy(h => h.OpensAt)
                .Select(h => new HsdsSchedule(Id(h.Id), Id(s.Id), "WEEKLY", Days[(int)h.ByDay], Time(h.OpensAt), Time(h.ClosesAt))).ToList(),
            ServiceAreas = s.IsRemote ? [new HsdsServiceArea(Sub("area", s.Id, "area"), Id(s.Id), s.ServiceArea is null ? "Québec" : "Zone de service", "Service offert à distance dans cette zone")] : [],
            ServiceAtLocations = full ? s.ServiceAtLocations.OrderBy(sal => sal.Id).Select(sal => new HsdsServiceAtLocation(Id(sal.Id), Id(s.Id), Id(sal.LocationId), sal.Location is { } l ? Location(l) : null)).ToList() : null,
            Languages = s.Languages.Select(code => new HsdsLanguage(Sub("language", s.Id, code), Id(s.Id), CultureInfo.GetCultureInfo(code).EnglishName, code)).ToList(),
            Organization = full && s.Organization is { } o ? Organization(o, services: null) : null,
            Contacts = s.ReferralContactName is not null || s.ReferralEmail is not null ? [new HsdsContact(Sub("contact", s.Id, "referral"), Id(s.Id), s.ReferralContactName, s.ReferralEmail)] : [],
            Attributes = attributes,
        };
    }

    /// <summary>An organisation's one-to-one fields, as HSDS lists give them.</summary>
    public static HsdsOrganization OrganizationFields(Organization o) => new(Id(o.Id), o.Name, o.Description, o.Email, Uri(o.Website));

    /// <summary>A location's one-to-one fields, as HSDS lists give them.</summary>
    public static HsdsLocation LocationFields(Location l) => Location(l) with { Addresses = null, Accessibility = null };

    public static HsdsOrganization Organization(Organization o, IReadOnlyList<HsdsService>? services, IReadOnlyList<Location>? locations = null) =>
        new(Id(o.Id), o.Name, o.Description, o.Email, Uri(o.Website),
            Phones: o.Phone is { } phone ? [new HsdsPhone(Sub("phone", o.Id, "main"), phone, OrganizationId: Id(o.Id), Type: "voice")] : [],
            Locations: locations?.OrderBy(l => l.Id).Select(Location).ToList(), Services: services, Attributes: TextAttributes(o.Id, "organization", o.Texts).ToList());

    public static HsdsLocation Location(Location l) =>
        new(Id(l.Id), "physical", Id(l.OrganizationId), l.Name, l.Latitude, l.Longitude,
            [new HsdsAddress(Sub("address", l.Id, "physical"), Id(l.Id), l.Address1, l.City, l.StateProvince, l.PostalCode, "CA", "physical")],
            l.Accessibility is { } notes ? [new HsdsAccessibility(Sub("accessibility", l.Id, "notes"), Id(l.Id), notes)] : []);

    /// <summary>The services of a page with their organisations, for their one-to-one fields, in the order asked.</summary>
    public static async Task<List<Service>> LoadServiceFieldsAsync(PartnerNetworkDb db, IReadOnlyList<Guid> ids, CancellationToken cancel)
    {
        var loaded = await db.Services.AsNoTracking().Include(s => s.Organization).Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancel);
        return ids.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList();
    }

    /// <summary>The services of a page, fully loaded in one round of split queries, in the order asked.</summary>
    public static async Task<List<Service>> LoadServicesAsync(PartnerNetworkDb db, IReadOnlyList<Guid> ids, bool full, CancellationToken cancel)
    {
        IQueryable<Service> query = db.Services.AsNoTracking().AsSplitQuery().Include(s => s.Categories).Include(s => s.Schedules);
        if (full) query = query.Include(s => s.Organization).Include(s => s.ServiceAtLocations).ThenInclude(sal => sal.Location);
        var loaded = await query.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancel);
        return ids.Where(loaded.ContainsKey).Select(id => loaded[id]).ToList();
    }

    public static IEnumerable<HsdsTaxonomy> Taxonomies() =>
    [
        new(NeedsTaxonomyId.ToString(), "PartnerNetwork needs", "Les besoins des familles auxquels répondent les services, en français et en anglais (même code).", "1"),
        new(ProfileTaxonomyId.ToString(), "partnernetwork-profile", "Attributes PartnerNetwork adds to HSDS 3.0: referrals, capacity, waitlist, opening, grades.", "1"),
    ];

    public static async Task<List<HsdsTaxonomyTerm>> TermsAsync(PartnerNetworkDb db, CancellationToken cancel) =>
    [
        .. (await db.NeedCategories.AsNoTracking().OrderBy(n => n.SortOrder).ToListAsync(cancel)).Select(Term),
        .. (await db.NeedCategories.AsNoTracking().OrderBy(n => n.SortOrder).ToListAsync(cancel)).Select(EnglishTerm),
        .. ProfileTerms.Select(t => new HsdsTaxonomyTerm(ProfileTermId(t.Code).ToString(), t.Code, t.Name, t.Description,
            ProfileTaxonomyId.ToString(), "fr", "partnernetwork-profile")),
    ];
}
