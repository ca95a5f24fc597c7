using PartnerNetwork.Data.Exchange.Hsds;
using PartnerNetwork.Web.Operations.Telemetry;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Catalogue.Search;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Catalogue;

namespace PartnerNetwork.Web.Api;

/// <summary>
/// The Open Referral HSDS 3.0 read API under /api/hsds: services, organisations, services at locations, taxonomies and
/// terms, paginated with HSDS's envelope, answered from the same search index as the directory page (inactive services
/// never appear). Reached with a read key (X-Api-Key header) or anonymously when <c>Api:Public</c> is true; rate limited
/// per key; lists carry an ETag tied to the catalogue version; errors are JSON problem details.
/// </summary>
public static class HsdsApi
{
    public const string Version = "3.0";
    public const int DefaultPerPage = 50;
    public const string RateLimitPolicy = "hsds";

    public static void MapHsdsApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/hsds").AddEndpointFilter<ApiKeyFilter>().RequireRateLimiting(RateLimitPolicy);
        api.MapGet("/", (HttpContext http) => Results.Json(new
        {
            version = Version,
            profile = $"{BaseUrl(http)}/api/hsds/profile",
            openapi_url = $"{BaseUrl(http)}/api/hsds/openapi.json",
        }));
        api.MapGet("/openapi.json", () => Results.File(Path.Combine(AppContext.BaseDirectory, "Api", "hsds-openapi.json"), "application/json"));
        api.MapGet("/profile", () => Results.Json(new
        {
            description = "PartnerNetwork profile of HSDS 3.0: names and descriptions in French; each need term exists in French (language fr, " +
                          "the one services' attributes use) and in English (language en, same code); extra list parameters lat, lon, radius_km (sorted by distance), language, evenings, weekends; " +
                          "attributes of the partnernetwork-profile taxonomy for referrals, capacity, waitlist, evening/weekend opening and grades.",
            taxonomies = new[] { HsdsMapping.NeedsTaxonomyId, HsdsMapping.ProfileTaxonomyId },
        }));
        api.MapGet("/services", ListServicesAsync);
        api.MapGet("/services/{id}", ServiceAsync);
        api.MapGet("/organizations", ListOrganizationsAsync);
        api.MapGet("/organizations/{id}", OrganizationAsync);
        api.MapGet("/service_at_locations", ListServiceAtLocationsAsync);
        api.MapGet("/service_at_locations/{id}", ServiceAtLocationAsync);
        api.MapGet("/taxonomies", TaxonomiesAsync);
        api.MapGet("/taxonomies/{id}", TaxonomyAsync);
        api.MapGet("/taxonomy_terms", TaxonomyTermsAsync);
        api.MapGet("/taxonomy_terms/{id}", TaxonomyTermAsync);
        // Anything else under the API is a JSON 404, never the HTML error page.
        api.MapFallback(() => Problem(StatusCodes.Status404NotFound, "Not found", "No such HSDS endpoint."));
    }

    static string BaseUrl(HttpContext http) => $"{http.Request.Scheme}://{http.Request.Host}";

    public static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    static IResult Bad(string detail) => Problem(StatusCodes.Status400BadRequest, "Invalid parameter", detail);

    /// <summary>What every list takes: page, per_page, search and format.</summary>
    sealed record Paging(int Page, int PerPage, string? Search, bool NdJson);

    static (Paging? Paging, IResult? Problem) ParsePaging(IQueryCollection q)
    {
        IResult? Whole(string name, int max, out int? value)
        {
            value = null;
            if (!q.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw)) return null;
            if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max) value = n;
            return value is null ? Bad($"{name} must be a whole number from 1 to {max}.") : null;
        }
        var (pageProblem, perPageProblem) = (Whole("page", int.MaxValue, out var page), Whole("per_page", CatalogueQuery.MaxPageSize, out var perPage));
        if ((pageProblem ?? perPageProblem) is { } problem) return (null, problem);
        var search = q["search"].ToString();
        if (search.Length > CatalogueQuery.MaxTextLength) return (null, Bad($"search is limited to {CatalogueQuery.MaxTextLength} characters."));
        var format = q["format"].ToString();
        if (format.Length > 0 && format != "ndjson" && format != "json") return (null, Bad("format must be json or ndjson."));
        return (new Paging(page ?? 1, perPage ?? DefaultPerPage, string.IsNullOrWhiteSpace(search) ? null : search, format == "ndjson"), null);
    }

    /// <summary>The list parameters, checked; null with a problem when one is malformed.</summary>
    sealed record ListQuery(CatalogueQuery Query, int Page, int PerPage, bool Minimal, bool Full, bool NdJson);

    static (ListQuery? Query, IResult? Problem) Parse(HttpRequest request, CatalogueIndex index, IReadOnlyList<NeedCategory> needs)
    {
        var q = request.Query;
        var (paging, pagingProblem) = ParsePaging(q);
        if (paging is null) return (null, pagingProblem);
        bool Flag(string name, out bool value, out IResult? problem)
        {
            value = false;
            problem = null;
            if (!q.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw)) return true;
            if (bool.TryParse(raw, out value)) return true;
            problem = Bad($"{name} must be true or false.");
            return false;
        }
        double? Number(string name, double min, double max, out IResult? problem)
        {
            problem = null;
            if (!q.TryGetValue(name, out var raw) || string.IsNullOrEmpty(raw)) return null;
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= min && value <= max) return value;
            problem = Bad($"{name} must be a number from {min} to {max}.");
            return null;
        }

        IResult? p3 = null, p4 = null, p5 = null, p6 = null, p7 = null;
        if (!Flag("minimal", out var minimal, out p3) || !Flag("full", out var full, out p4) || !Flag("evenings", out var evenings, out p5) || !Flag("weekends", out var weekends, out p6))
            return (null, p3 ?? p4 ?? p5 ?? p6);
        var lat = Number("lat", -90, 90, out p7);
        var lon = Number("lon", -180, 180, out var p8);
        var radius = Number("radius_km", CatalogueQuery.MinRadiusKm, CatalogueQuery.MaxRadiusKm, out var p9);
        if ((p7 ?? p8 ?? p9) is { } numberProblem) return (null, numberProblem);
        if (lat is null != lon is null) return (null, Bad("lat and lon go together."));
        if (lat is { } la && lon is { } lo && !Quebec.Contains(la, lo)) return (null, Bad("lat and lon must be in Quebec."));
        var language = q["language"].ToString();
        if (language.Length > 0 && !Languages.Codes.Contains(language)) return (null, Bad("language must be an ISO 639-1 code the directory lists."));
        Guid? Id(string name) => q.TryGetValue(name, out var raw) && !string.IsNullOrEmpty(raw) ? (Guid.TryParse(raw, out var id) ? id : Guid.Empty) : null;
        var term = Id("taxonomy_term_id");
        if (term == Guid.Empty || (term is { } t && needs.All(n => n.Id != t))) return (null, Bad("taxonomy_term_id is not a term of the needs taxonomy."));
        var organization = Id("organization_id");
        if (organization == Guid.Empty) return (null, Bad("organization_id must be a UUID."));
        DateTime? modifiedAfter = null;
        if (q.TryGetValue("modified_after", out var after) && !string.IsNullOrEmpty(after))
        {
            if (!DateTimeOffset.TryParse(after, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)) return (null, Bad("modified_after must be an ISO 8601 date-time."));
            modifiedAfter = when.UtcDateTime;
        }

        var query = new CatalogueQuery
        {
            Text = paging.Search,
            CategoryIds = term is { } need ? [need] : [],
            Origin = lat is { } a && lon is { } b ? new GeoOrigin(a, b) : null,
            RadiusKm = radius ?? CatalogueQuery.MaxRadiusKm,
            Language = language.Length > 0 ? language : null,
            OpenEvenings = evenings,
            OpenWeekends = weekends,
            OrganizationId = organization,
            ModifiedAfter = modifiedAfter,
            Page = paging.Page,
            PageSize = paging.PerPage,
        };
        return (new ListQuery(query, paging.Page, paging.PerPage, minimal, full, paging.NdJson), null);
    }

    static async Task<(CatalogueIndex Index, Dictionary<Guid, NeedCategory> Needs)> ContextAsync(PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel) =>
        (await catalogue.CurrentAsync(db, cancel), await db.NeedCategories.AsNoTracking().ToDictionaryAsync(n => n.Id, cancel));

    /// <summary>Lists are the same while the catalogue is: a tag of its version and the request answers If-None-Match.</summary>
    static bool NotModified(HttpContext http, CatalogueIndex index)
    {
        var tag = $"\"{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{index.Version}|{http.Request.Path}|{http.Request.QueryString}")))[..32]}\"";
        http.Response.Headers.ETag = tag;
        http.Response.Headers.CacheControl = "private, max-age=0, must-revalidate";
        return http.Request.Headers.IfNoneMatch.Any(v => v == tag || v == "*");
    }

    static int PagesOf(int total, int perPage) => Math.Max(1, (total + perPage - 1) / perPage);

    /// <summary>HSDS's envelope for the page asked for: past the end, an empty page with that number (not the last one).</summary>
    static HsdsPage<T> PageOf<T>(IReadOnlyList<T> contents, int total, int page, int perPage)
    {
        var pages = PagesOf(total, perPage);
        return new HsdsPage<T>(total, pages, page, contents.Count, page == 1, page >= pages, contents.Count == 0, contents);
    }

    /// <summary>
    /// A list's records as HSDS lists give them, one-to-one fields only (the service's organisation included), or with
    /// full=true as /services/{id} gives each.
    /// </summary>
    static async Task<List<HsdsService>> ServicesAsync(PartnerNetworkDb db, IReadOnlyList<Guid> ids, Dictionary<Guid, NeedCategory> needs, bool full, CancellationToken cancel) =>
        full
            ? (await HsdsMapping.LoadServicesAsync(db, ids, full: true, cancel)).Select(s => HsdsMapping.Service(s, needs, full: true)).ToList()
            : (await HsdsMapping.LoadServiceFieldsAsync(db, ids, cancel)).Select(HsdsMapping.ServiceFields).ToList();

    static async Task<IResult> ListServicesAsync(HttpContext http, PartnerNetworkDb db, CatalogueIndexCache catalogue, ProductMetrics metrics, CancellationToken cancel)
    {
        var (index, needs) = await ContextAsync(db, catalogue, cancel);
        var (list, problem) = Parse(http.Request, index, needs.Values.ToList());
        if (problem is not null) return problem;
        if (NotModified(http, index)) return Results.StatusCode(StatusCodes.Status304NotModified);
        if (list!.NdJson)
        {
            await StreamAsync(http, db, index, needs, list, cancel);
            return Results.Empty;
        }
        var result = metrics.TimeSearch("api", () => index.Search(list.Query));
        // The index answers a page past the end with the last one, as the directory page wants; HSDS wants it empty.
        if (list.Page > PagesOf(result.Total, list.PerPage)) return Results.Json(PageOf<HsdsService>([], result.Total, list.Page, list.PerPage), HsdsMapping.Json);
        var ids = result.Hits.Select(h => h.Entry.ServiceId).ToList();
        if (list.Minimal)
            return Results.Json(PageOf(result.Hits.Select(h => new HsdsMinimalService(h.Entry.ServiceId.ToString(), h.Entry.ServiceName, "active",
                h.Entry.UpdatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))).ToList(), result.Total, result.Page, list.PerPage), HsdsMapping.Json);
        return Results.Json(PageOf(await ServicesAsync(db, ids, needs, list.Full, cancel), result.Total, result.Page, list.PerPage), HsdsMapping.Json);
    }

    /// <summary>
    /// format=ndjson: every matching service, one per line, unpaginated. The result is ranked once, then loaded and
    /// written a hundred services at a time, so memory stays flat whatever the directory's size.
    /// </summary>
    static Task StreamAsync(HttpContext http, PartnerNetworkDb db, CatalogueIndex index, Dictionary<Guid, NeedCategory> needs, ListQuery list, CancellationToken cancel) =>
        StreamAsync(http, index.All(list.Query).Select(h => h.Entry.ServiceId).ToList(), async ids =>
        {
            db.ChangeTracker.Clear();
            return await ServicesAsync(db, ids, needs, list.Full, cancel);
        }, cancel);

    static async Task<IResult> ServiceAsync(string id, PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel)
    {
        var (index, needs) = await ContextAsync(db, catalogue, cancel);
        if (!Guid.TryParse(id, out var serviceId) || !index.Contains(serviceId)) return Problem(StatusCodes.Status404NotFound, "Not found", "No active service has this id.");
        var service = (await HsdsMapping.LoadServicesAsync(db, [serviceId], full: true, cancel)).Single();
        return Results.Json(HsdsMapping.Service(service, needs, full: true), HsdsMapping.Json);
    }

    static async Task<IResult> ListOrganizationsAsync(HttpContext http, PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel)
    {
        var (index, needs) = await ContextAsync(db, catalogue, cancel);
        var (list, problem) = Parse(http.Request, index, needs.Values.ToList());
        if (problem is not null) return problem;
        if (NotModified(http, index)) return Results.StatusCode(StatusCodes.Status304NotModified);
        // Organisations with at least one listed service matching the filters, in the order of their first match.
        var organizationIds = index.Search(list!.Query with { Page = 1, PageSize = CatalogueQuery.MaxPageSize }) is var first && first.Total <= CatalogueQuery.MaxPageSize
            ? first.Hits.Select(h => h.Entry.OrganizationId).Distinct().ToList()
            : index.Matching(list.Query).OrderBy(e => e.OrganizationName, StringComparer.Ordinal).Select(e => e.OrganizationId).Distinct().ToList();
        // Looked up once, not scanned for each hundred organisations streamed.
        var listed = list.Full ? index.Matching(new CatalogueQuery()).ToLookup(e => e.OrganizationId, e => e.ServiceId) : null;
        // One-to-one fields only, or with full=true each organisation as /organizations/{id} gives it.
        async Task<List<HsdsOrganization>> LoadAsync(IReadOnlyList<Guid> ids)
        {
            var query = db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id));
            var organizations = await (listed is null ? query : query.Include(o => o.Locations)).ToDictionaryAsync(o => o.Id, cancel);
            if (listed is null) return ids.Where(organizations.ContainsKey).Select(id => HsdsMapping.OrganizationFields(organizations[id])).ToList();
            var services = (await HsdsMapping.LoadServicesAsync(db, ids.SelectMany(id => listed[id]).ToList(), false, cancel)).ToLookup(s => s.OrganizationId);
            return ids.Where(organizations.ContainsKey)
                .Select(id => HsdsMapping.Organization(organizations[id], services[id].Select(s => HsdsMapping.Service(s, needs, false)).ToList(), organizations[id].Locations)).ToList();
        }
        if (list.NdJson)
        {
            await StreamAsync(http, organizationIds, LoadAsync, cancel);
            return Results.Empty;
        }
        var (page, ids) = Slice(organizationIds, list.Page, list.PerPage);
        return Results.Json(PageOf(await LoadAsync(ids), organizationIds.Count, page, list.PerPage), HsdsMapping.Json);
    }

    /// <summary>format=ndjson for a list of keys: every one, unpaginated, loaded and written a hundred at a time.</summary>
    static async Task StreamAsync<TKey, T>(HttpContext http, IReadOnlyList<TKey> keys, Func<IReadOnlyList<TKey>, Task<List<T>>> load, CancellationToken cancel)
    {
        http.Response.ContentType = "application/x-ndjson; charset=utf-8";
        foreach (var chunk in keys.Chunk(CatalogueQuery.MaxPageSize))
        {
            foreach (var item in await load(chunk))
            {
                await JsonSerializer.SerializeAsync(http.Response.Body, item, HsdsMapping.Json, cancel);
                await http.Response.Body.WriteAsync(Newline, cancel);
            }
            await http.Response.Body.FlushAsync(cancel);
        }
    }

    static readonly byte[] Newline = "\n"u8.ToArray();

    /// <summary>The page asked for and its items: none past the end.</summary>
    static (int Page, List<T> Items) Slice<T>(IReadOnlyList<T> all, int page, int perPage) =>
        (page, (long)(page - 1) * perPage >= all.Count ? [] : all.Skip((page - 1) * perPage).Take(perPage).ToList());

    static async Task<IResult> OrganizationAsync(string id, PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel)
    {
        var (index, needs) = await ContextAsync(db, catalogue, cancel);
        if (!Guid.TryParse(id, out var organizationId)) return Problem(StatusCodes.Status404NotFound, "Not found", "No organisation has this id.");
        var organization = await db.Organizations.AsNoTracking().Include(o => o.Locations).SingleOrDefaultAsync(o => o.Id == organizationId && o.IsActive, cancel);
        if (organization is null) return Problem(StatusCodes.Status404NotFound, "Not found", "No active organisation has this id.");
        var serviceIds = index.Matching(new CatalogueQuery { OrganizationId = organizationId }).Select(e => e.ServiceId).ToList();
        var services = await HsdsMapping.LoadServicesAsync(db, serviceIds, full: false, cancel);
        return Results.Json(HsdsMapping.Organization(organization, services.Select(s => HsdsMapping.Service(s, needs, false)).ToList(), organization.Locations), HsdsMapping.Json);
    }

    static async Task<IResult> ListServiceAtLocationsAsync(HttpContext http, PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel)
    {
        var (index, needs) = await ContextAsync(db, catalogue, cancel);
        var (list, problem) = Parse(http.Request, index, needs.Values.ToList());
        if (problem is not null) return problem;
        if (NotModified(http, index)) return Results.StatusCode(StatusCodes.Status304NotModified);
        var sites = index.Matching(list!.Query).Where(e => !e.IsRemote).OrderBy(e => e.ServiceName, StringComparer.Ordinal)
            .SelectMany(e => e.Sites.Select(s => (e.ServiceId, s.LocationId))).ToList();
        // One-to-one fields (the location's and the service's included), or with full=true as /service_at_locations/{id} gives each.
        async Task<List<HsdsServiceAtLocation>> LoadAsync(IReadOnlyList<(Guid ServiceId, Guid LocationId)> wanted)
        {
            var serviceIds = wanted.Select(w => w.ServiceId).Distinct().ToList();
            var links = await db.ServiceAtLocations.AsNoTracking().Include(l => l.Location).Where(l => serviceIds.Contains(l.ServiceId)).ToListAsync(cancel);
            var services = (list.Full
                ? (await HsdsMapping.LoadServicesAsync(db, serviceIds, false, cancel)).Select(s => HsdsMapping.Service(s, needs, false))
                : (await HsdsMapping.LoadServiceFieldsAsync(db, serviceIds, cancel)).Select(HsdsMapping.ServiceFields)).ToDictionary(s => s.Id);
            return wanted.Select(w => links.Single(l => l.ServiceId == w.ServiceId && l.LocationId == w.LocationId))
                .Select(l => new HsdsServiceAtLocation(l.Id.ToString(), l.ServiceId.ToString(), l.LocationId.ToString(),
                    list.Full ? HsdsMapping.Location(l.Location!) : HsdsMapping.LocationFields(l.Location!), services[l.ServiceId.ToString()])).ToList();
        }
        if (list.NdJson)
        {
            await StreamAsync(http, sites, LoadAsync, cancel);
            return Results.Empty;
        }
        var (page, wanted) = Slice(sites, list.Page, list.PerPage);
        return Results.Json(PageOf(await LoadAsync(wanted), sites.Count, page, list.PerPage), HsdsMapping.Json);
    }

    static async Task<IResult> ServiceAtLocationAsync(string id, PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel)
    {
        var (index, needs) = await ContextAsync(db, catalogue, cancel);
        if (!Guid.TryParse(id, out var linkId)) return Problem(StatusCodes.Status404NotFound, "Not found", "No service at location has this id.");
        var link = await db.ServiceAtLocations.AsNoTracking().Include(l => l.Location).SingleOrDefaultAsync(l => l.Id == linkId, cancel);
        if (link is null || !index.Contains(link.ServiceId)) return Problem(StatusCodes.Status404NotFound, "Not found", "No active service at location has this id.");
        var service = (await HsdsMapping.LoadServicesAsync(db, [link.ServiceId], false, cancel)).Single();
        return Results.Json(new HsdsServiceAtLocation(link.Id.ToString(), link.ServiceId.ToString(), link.LocationId.ToString(), HsdsMapping.Location(link.Location!),
            HsdsMapping.Service(service, needs, false)), HsdsMapping.Json);
    }

    static async Task<IResult> TaxonomiesAsync(HttpContext http, PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel)
    {
        var (paging, problem) = ParsePaging(http.Request.Query);
        if (paging is null) return problem!;
        if (NotModified(http, await catalogue.CurrentAsync(db, cancel))) return Results.StatusCode(StatusCodes.Status304NotModified);
        return await ListAsync(http, HsdsMapping.Taxonomies().Where(t => Mentions(paging.Search, t.Name, t.Description)).ToList(), paging, cancel);
    }

    /// <summary>Accents and case aside, as the directory's search reads French.</summary>
    static bool Mentions(string? search, params string?[] fields) =>
        search is null || fields.Any(f => f is not null && CultureInfo.InvariantCulture.CompareInfo.IndexOf(f, search.Trim(), CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace) >= 0);

    /// <summary>A list held whole in memory (taxonomies, terms), paged as HSDS pages it, or every item as ndjson.</summary>
    static async Task<IResult> ListAsync<T>(HttpContext http, IReadOnlyList<T> all, Paging paging, CancellationToken cancel)
    {
        if (paging.NdJson)
        {
            await StreamAsync(http, all, items => Task.FromResult(items.ToList()), cancel);
            return Results.Empty;
        }
        var (page, items) = Slice(all, paging.Page, paging.PerPage);
        return Results.Json(PageOf(items, all.Count, page, paging.PerPage), HsdsMapping.Json);
    }

    static IResult TaxonomyAsync(string id) =>
        HsdsMapping.Taxonomies().FirstOrDefault(t => t.Id == id) is { } taxonomy ? Results.Json(taxonomy, HsdsMapping.Json) : Problem(StatusCodes.Status404NotFound, "Not found", "No taxonomy has this id.");

    /// <summary>Also taxonomy_id, top_only and parent_id (HSDS's own): our terms have no parent, so all are top-level.</summary>
    static async Task<IResult> TaxonomyTermsAsync(HttpContext http, PartnerNetworkDb db, CatalogueIndexCache catalogue, CancellationToken cancel)
    {
        var q = http.Request.Query;
        var (paging, problem) = ParsePaging(q);
        if (paging is null) return problem!;
        if (q.TryGetValue("top_only", out var topOnly) && !string.IsNullOrEmpty(topOnly) && !bool.TryParse(topOnly, out _)) return Bad("top_only must be true or false.");
        if (NotModified(http, await catalogue.CurrentAsync(db, cancel))) return Results.StatusCode(StatusCodes.Status304NotModified);
        var taxonomy = q["taxonomy_id"].ToString();
        var hasParent = !string.IsNullOrEmpty(q["parent_id"]);
        var terms = (await HsdsMapping.TermsAsync(db, cancel))
            .Where(t => !hasParent && (taxonomy.Length == 0 || t.TaxonomyId == taxonomy) && Mentions(paging.Search, t.Name, t.Code, t.Description)).ToList();
        return await ListAsync(http, terms, paging, cancel);
    }

    static async Task<IResult> TaxonomyTermAsync(string id, PartnerNetworkDb db, CancellationToken cancel) =>
        (await HsdsMapping.TermsAsync(db, cancel)).FirstOrDefault(t => t.Id == id) is { } term ? Results.Json(term, HsdsMapping.Json) : Problem(StatusCodes.Status404NotFound, "Not found", "No taxonomy term has this id.");
}
