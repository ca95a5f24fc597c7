namespace PartnerNetwork.Data.Exchange.Hsds;

// Open Referral HSDS 3.0 objects, as the API writes them (snake_case names, nulls left out). Only the fields we hold.
#pragma warning disable CS1591

public sealed record HsdsPage<T>(int TotalItems, int TotalPages, int PageNumber, int Size, bool FirstPage, bool LastPage, bool Empty, IReadOnlyList<T> Contents);

public sealed record HsdsService(
    string Id, string? OrganizationId, string Name, string? Description, string? Email, string Status, string? FeesDescription,
    string? EligibilityDescription, int? MinimumAge, int? MaximumAge, string? AssuredDate, string? LastModified,
    IReadOnlyList<HsdsPhone>? Phones = null, IReadOnlyList<HsdsSchedule>? Schedules = null, IReadOnlyList<HsdsServiceArea>? ServiceAreas = null,
    IReadOnlyList<HsdsServiceAtLocation>? ServiceAtLocations = null, IReadOnlyList<HsdsLanguage>? Languages = null,
    HsdsOrganization? Organization = null, IReadOnlyList<HsdsContact>? Contacts = null, IReadOnlyList<HsdsAttribute>? Attributes = null);

public sealed record HsdsOrganization(
    string Id, string Name, string Description, string? Email, string? Website, IReadOnlyList<HsdsPhone>? Phones = null,
    IReadOnlyList<HsdsLocation>? Locations = null, IReadOnlyList<HsdsService>? Services = null, IReadOnlyList<HsdsAttribute>? Attributes = null);

public sealed record HsdsServiceAtLocation(string Id, string? ServiceId, string? LocationId, HsdsLocation? Location = null, HsdsService? Service = null);

public sealed record HsdsLocation(
    string Id, string LocationType, string? OrganizationId, string? Name, double? Latitude, double? Longitude,
    IReadOnlyList<HsdsAddress>? Addresses = null, IReadOnlyList<HsdsAccessibility>? Accessibility = null);

public sealed record HsdsAddress(string Id, string? LocationId, [property: System.Text.Json.Serialization.JsonPropertyName("address_1")] string Address1, string City, string StateProvince, string PostalCode, string Country, string AddressType);

public sealed record HsdsAccessibility(string Id, string? LocationId, string? Description);

public sealed record HsdsPhone(string Id, string Number, string? ServiceId = null, string? OrganizationId = null, string? Type = null);

public sealed record HsdsContact(string Id, string? ServiceId, string? Name, string? Email);

public sealed record HsdsSchedule(string Id, string? ServiceId, string Freq, string Byday, string OpensAt, string ClosesAt, string? Description = null);

public sealed record HsdsLanguage(string Id, string? ServiceId, string? Name, string Code);

public sealed record HsdsServiceArea(string Id, string? ServiceId, string? Name, string? Description);

public sealed record HsdsAttribute(string Id, string? LinkId, string? TaxonomyTermId, string? LinkType, string? LinkEntity, string? Value, HsdsTaxonomyTerm? TaxonomyTerm = null);

public sealed record HsdsTaxonomy(string Id, string Name, string Description, string? Version = null);

public sealed record HsdsTaxonomyTerm(string Id, string? Code, string Name, string Description, string? TaxonomyId = null, string? Language = null, string? Taxonomy = null);

public sealed record HsdsMinimalService(string Id, string Name, string Status, string? LastModified);
