using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using NJsonSchema;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Geo;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data.Exchange.Hsds;

namespace PartnerNetwork.Web.Tests.Api;

/// <summary>The app with its HSDS API limited to a few requests a minute per key, for the rate-limit test.</summary>
public sealed class LimitedApiApp : AppFactory
{
    public const int PerMinute = 5;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Api:RequestsPerMinute", PerMinute.ToString());
    }
}

/// <summary>The Open Referral HSDS 3.0 read API, checked against the official schemas (copied in hsds-schema/).</summary>
[Trait("Database", "Both")]
public class HsdsApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    static readonly string SchemaFolder = Path.Combine(AppContext.BaseDirectory, "Api", "hsds-schema");
    static readonly Dictionary<string, JsonSchema> Schemas = [];
    static readonly SemaphoreSlim Loading = new(1, 1);

    string? key;

    static async Task<JsonSchema> SchemaAsync(string name)
    {
        await Loading.WaitAsync();
        try
        {
            if (!Schemas.TryGetValue(name, out var schema))
                Schemas[name] = schema = name == "page"
                    ? await JsonSchema.FromJsonAsync(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SchemaFolder, "openapi.json")))!["components"]!["schemas"]!["Page"]!.ToJsonString())
                    : await JsonSchema.FromFileAsync(Path.Combine(SchemaFolder, name + ".json"));
            return schema;
        }
        finally
        {
            Loading.Release();
        }
    }

    static async Task AssertValidAsync(string schema, string json, string what)
    {
        var errors = (await SchemaAsync(schema)).Validate(json);
        Assert.True(errors.Count == 0, $"{what} against {schema}.json: {string.Join("; ", errors.Take(5).Select(e => $"{e.Path}: {e.Kind}"))}");
    }

    /// <summary>A read key, issued the way an admin does it, through the page that shows it once.</summary>
    async Task<HttpClient> ApiAsync()
    {
        key ??= await IssueKeyAsync(app, $"Test {Guid.NewGuid():N}");
        var client = app.Client(follow: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public static async Task<string> IssueKeyAsync(AppFactory app, string name)
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var response = await AppFactory.PostFormAsync(admin, "/Admin/ApiKeys?handler=Issue", new() { ["Input.Name"] = name }, formPage: "/Admin/ApiKeys");
        var html = await response.Content.ReadAsStringAsync();
        var issued = Regex.Match(html, "<code class=\"user-select-all\">(pn_[0-9a-f]+)</code>").Groups[1].Value;
        Assert.NotEmpty(issued);
        return issued;
    }

    async Task<JsonNode> GetAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await (await ApiAsync()).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{url}: {response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    async Task AssertListAsync(string url, string itemSchema)
    {
        var page = await GetAsync(url);
        var json = page.ToJsonString();
        await AssertValidAsync("page", json, url);
        Assert.False(page["empty"]!.GetValue<bool>(), $"{url} is empty");
        foreach (var item in page["contents"]!.AsArray())
            await AssertValidAsync(itemSchema, item!.ToJsonString(), url);
    }

    [Fact]
    public async Task Every_endpoint_answers_the_demo_data_valid_against_the_hsds_schemas()
    {
        var root = await GetAsync("/api/hsds/");
        Assert.Equal("3.0", root["version"]!.GetValue<string>());
        Assert.EndsWith("/api/hsds/openapi.json", root["openapi_url"]!.GetValue<string>());
        var openapi = await GetAsync("/api/hsds/openapi.json");
        Assert.Equal("3.1.0", openapi["openapi"]!.GetValue<string>());

        await AssertListAsync("/api/hsds/services?per_page=10", "service");
        await AssertListAsync("/api/hsds/services?per_page=5&full=true", "service");
        await AssertListAsync("/api/hsds/organizations?per_page=5", "organization");
        await AssertListAsync("/api/hsds/organizations?per_page=3&full=true", "organization");
        await AssertListAsync("/api/hsds/service_at_locations?per_page=5", "service_at_location");
        await AssertListAsync("/api/hsds/taxonomies", "taxonomy");
        await AssertListAsync("/api/hsds/taxonomy_terms", "taxonomy_term");

        var first = (await GetAsync("/api/hsds/services?per_page=1"))["contents"]![0]!;
        var service = await GetAsync($"/api/hsds/services/{first["id"]}");
        await AssertValidAsync("service", service.ToJsonString(), "service");
        Assert.NotNull(service["organization"]);
        Assert.NotEmpty(service["service_at_locations"]!.AsArray());
        Assert.Contains(service["attributes"]!.AsArray(), a => a!["taxonomy_term"] is not null);
        var organization = await GetAsync($"/api/hsds/organizations/{first["organization_id"]}");
        await AssertValidAsync("organization", organization.ToJsonString(), "organization");
        var link = (await GetAsync("/api/hsds/service_at_locations?per_page=1"))["contents"]![0]!;
        await AssertValidAsync("service_at_location", (await GetAsync($"/api/hsds/service_at_locations/{link["id"]}")).ToJsonString(), "service_at_location");
        var taxonomy = (await GetAsync("/api/hsds/taxonomies"))["contents"]![0]!;
        await AssertValidAsync("taxonomy", (await GetAsync($"/api/hsds/taxonomies/{taxonomy["id"]}")).ToJsonString(), "taxonomy");
        var term = (await GetAsync("/api/hsds/taxonomy_terms"))["contents"]![0]!;
        await AssertValidAsync("taxonomy_term", (await GetAsync($"/api/hsds/taxonomy_terms/{term["id"]}")).ToJsonString(), "taxonomy_term");
    }

    [Fact]
    public async Task Needs_are_readable_in_french_and_english()
    {
        var terms = (await GetAsync("/api/hsds/taxonomy_terms"))["contents"]!.AsArray();
        var food = terms.Where(t => t!["code"]!.GetValue<string>() == "food-security").ToList();
        Assert.Equal(["fr", "en"], food.Select(t => t!["language"]!.GetValue<string>()));
        Assert.Equal(["Sécurité alimentaire", "Food security"], food.Select(t => t!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Pages_follow_the_hsds_envelope_and_filters_combine_with_and()
    {
        var one = await GetAsync("/api/hsds/services?per_page=2&page=1");
        var two = await GetAsync("/api/hsds/services?per_page=2&page=2");
        var total = one["total_items"]!.GetValue<int>();
        Assert.Equal(app.With(db => db.Services.Count(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive)), total);
        Assert.Equal((total + 1) / 2, one["total_pages"]!.GetValue<int>());
        Assert.True(one["first_page"]!.GetValue<bool>());
        Assert.False(two["first_page"]!.GetValue<bool>());
        Assert.Equal(2, two["size"]!.GetValue<int>());
        Assert.Empty(one["contents"]!.AsArray().Select(s => s!["id"]!.ToString()).Intersect(two["contents"]!.AsArray().Select(s => s!["id"]!.ToString())));

        var (need, organization) = app.With(db =>
        {
            var link = db.ServiceCategories.Where(c => db.Services.Any(s => s.Id == c.ServiceId && s.Status == ServiceStatus.Active && !s.IsRemote))
                .OrderBy(c => c.ServiceId).First();
            return (link.NeedCategoryId, db.Services.Single(s => s.Id == link.ServiceId).OrganizationId);
        });
        var both = await GetAsync($"/api/hsds/services?taxonomy_term_id={need}&organization_id={organization}&per_page=100&full=true");
        var expected = app.With(db => db.Services.Count(s => s.OrganizationId == organization && s.Status == ServiceStatus.Active && s.Categories.Any(c => c.NeedCategoryId == need)));
        Assert.Equal(expected, both["total_items"]!.GetValue<int>());
        Assert.NotEmpty(both["contents"]!.AsArray());
        Assert.All(both["contents"]!.AsArray(), s =>
        {
            Assert.Equal(organization.ToString(), s!["organization_id"]!.GetValue<string>());
            Assert.Contains(s["attributes"]!.AsArray(), a => a!["taxonomy_term_id"]?.GetValue<string>() == need.ToString());
        });

        var minimal = await GetAsync("/api/hsds/services?minimal=true&per_page=3");
        Assert.Equal(3, minimal["contents"]!.AsArray().Count);
        Assert.All(minimal["contents"]!.AsArray(), s => Assert.Null(s!["attributes"]));
    }

    [Fact]
    public async Task The_served_openapi_is_the_official_one_with_service_at_locations_by_id_answering_a_service_at_location()
    {
        var served = await GetAsync("/api/hsds/openapi.json");
        var official = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SchemaFolder, "openapi.json")))!;
        static JsonNode Answer(JsonNode openapi, string path) => openapi["paths"]![path]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
        Assert.EndsWith("/schema/compiled/service_at_location.json", Answer(served, "/service_at_locations/{id}")["$ref"]!.GetValue<string>());
        Assert.EndsWith("/schema/compiled/service.json", Answer(official, "/service_at_locations/{id}")["$ref"]!.GetValue<string>());
        // The 2024 file with openreferral/specification PR #574's correction, and nothing else changed.
        Answer(official, "/service_at_locations/{id}")["$ref"] = Answer(served, "/service_at_locations/{id}")["$ref"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(official, served));

        var link = (await GetAsync("/api/hsds/service_at_locations?per_page=1"))["contents"]![0]!;
        var answer = await GetAsync($"/api/hsds/service_at_locations/{link["id"]}");
        Assert.Equal((link["service_id"]!.ToString(), link["location_id"]!.ToString()), (answer["service_id"]!.ToString(), answer["location_id"]!.ToString()));
        Assert.NotNull(answer["location"]!["addresses"]);
        Assert.NotNull(answer["service"]!["name"]);
    }

    /// <summary>Every array in a record, however deep: HSDS lists give one-to-one fields only.</summary>
    static IEnumerable<string> Arrays(JsonNode? node, string path = "") => node switch
    {
        JsonArray => [path],
        JsonObject record => record.SelectMany(field => Arrays(field.Value, $"{path}.{field.Key}")),
        _ => [],
    };

    [Theory]
    [InlineData("services", "service")]
    [InlineData("organizations", "organization")]
    [InlineData("service_at_locations", "service_at_location")]
    public async Task Lists_give_one_to_one_fields_unless_full_is_true_which_gives_each_record_as_its_own_endpoint(string list, string schema)
    {
        var page = await GetAsync($"/api/hsds/{list}?per_page=5");
        Assert.Equal(5, page["contents"]!.AsArray().Count);
        foreach (var item in page["contents"]!.AsArray())
        {
            Assert.Empty(Arrays(item));
            Assert.NotNull(item!["id"]);
            await AssertValidAsync(schema, item.ToJsonString(), list);
        }
        var first = page["contents"]![0]!;
        if (list == "services") Assert.Equal(first["organization_id"]!.ToString(), first["organization"]!["id"]!.ToString());
        if (list == "service_at_locations") Assert.NotNull(first["service"]!["name"]);
        var lines = (await (await ApiAsync()).GetStringAsync($"/api/hsds/{list}?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines.Take(20), line => Assert.Empty(Arrays(JsonNode.Parse(line))));

        var full = await GetAsync($"/api/hsds/{list}?per_page=5&full=true");
        Assert.Equal(page["contents"]!.AsArray().Select(i => i!["id"]!.ToString()), full["contents"]!.AsArray().Select(i => i!["id"]!.ToString()));
        foreach (var item in full["contents"]!.AsArray())
        {
            Assert.NotEmpty(Arrays(item));
            Assert.True(JsonNode.DeepEquals(await GetAsync($"/api/hsds/{list}/{item!["id"]}"), item), $"{list}/{item["id"]} differs from its full list item");
        }
    }

    [Theory]
    [InlineData("services")]
    [InlineData("organizations")]
    [InlineData("service_at_locations")]
    [InlineData("taxonomy_terms")]
    public async Task A_page_past_the_end_is_empty_with_the_page_number_asked_for(string list)
    {
        var first = await GetAsync($"/api/hsds/{list}?per_page=3");
        var (total, pages) = (first["total_items"]!.GetValue<int>(), first["total_pages"]!.GetValue<int>());
        Assert.True(pages > 1, list);
        var last = await GetAsync($"/api/hsds/{list}?per_page=3&page={pages}");
        Assert.Equal((pages, total - (pages - 1) * 3, true, false), (last["page_number"]!.GetValue<int>(), last["size"]!.GetValue<int>(),
            last["last_page"]!.GetValue<bool>(), last["empty"]!.GetValue<bool>()));
        foreach (var page in new[] { pages + 1, int.MaxValue })
        {
            var past = await GetAsync($"/api/hsds/{list}?per_page=3&page={page}");
            await AssertValidAsync("page", past.ToJsonString(), $"{list} page {page}");
            Assert.Empty(past["contents"]!.AsArray());
            Assert.Equal((total, pages, page, 0), (past["total_items"]!.GetValue<int>(), past["total_pages"]!.GetValue<int>(),
                past["page_number"]!.GetValue<int>(), past["size"]!.GetValue<int>()));
            Assert.Equal((false, true, true), (past["first_page"]!.GetValue<bool>(), past["last_page"]!.GetValue<bool>(), past["empty"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public async Task Taxonomy_lists_page_search_and_filter_as_hsds_says()
    {
        var all = await GetAsync("/api/hsds/taxonomy_terms?per_page=100");
        var total = all["total_items"]!.GetValue<int>();
        Assert.Equal(app.With(db => db.NeedCategories.Count()) * 2 + HsdsMapping.ProfileTerms.Count, total);

        var first = await GetAsync("/api/hsds/taxonomy_terms?per_page=10");
        var second = await GetAsync("/api/hsds/taxonomy_terms?per_page=10&page=2");
        await AssertValidAsync("page", second.ToJsonString(), "second page of terms");
        Assert.Equal((10, total, (total + 9) / 10, 2, false), (second["size"]!.GetValue<int>(), second["total_items"]!.GetValue<int>(),
            second["total_pages"]!.GetValue<int>(), second["page_number"]!.GetValue<int>(), second["first_page"]!.GetValue<bool>()));
        Assert.Equal(all["contents"]!.AsArray().Skip(10).Take(10).Select(t => t!["id"]!.ToString()), second["contents"]!.AsArray().Select(t => t!["id"]!.ToString()));
        Assert.Empty(first["contents"]!.AsArray().Select(t => t!["id"]!.ToString()).Intersect(second["contents"]!.AsArray().Select(t => t!["id"]!.ToString())));

        // search ignores accents and case, and combines with taxonomy_id (AND).
        var food = (await GetAsync($"/api/hsds/taxonomy_terms?search=SECURITE%20alim&taxonomy_id={HsdsMapping.NeedsTaxonomyId}"))["contents"]!.AsArray();
        Assert.Equal(["Sécurité alimentaire"], food.Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal(0, (await GetAsync($"/api/hsds/taxonomy_terms?search=food&taxonomy_id={HsdsMapping.ProfileTaxonomyId}"))["total_items"]!.GetValue<int>());
        // Our terms have no parent: all are top-level, none is anyone's child.
        Assert.Equal(total, (await GetAsync("/api/hsds/taxonomy_terms?top_only=true&per_page=100"))["total_items"]!.GetValue<int>());
        Assert.True((await GetAsync($"/api/hsds/taxonomy_terms?parent_id={first["contents"]![0]!["id"]}"))["empty"]!.GetValue<bool>());
        await GetAsync("/api/hsds/taxonomy_terms?top_only=peut-être", HttpStatusCode.BadRequest);
        await GetAsync("/api/hsds/taxonomy_terms?per_page=0", HttpStatusCode.BadRequest);

        var profile = (await GetAsync("/api/hsds/taxonomies?search=partnernetwork-profile"))["contents"]!.AsArray();
        Assert.Equal([HsdsMapping.ProfileTaxonomyId.ToString()], profile.Select(t => t!["id"]!.GetValue<string>()));
        var lines = (await (await ApiAsync()).GetStringAsync("/api/hsds/taxonomy_terms?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(total, lines.Length);
        await AssertValidAsync("taxonomy_term", lines[^1], "ndjson term");

        var client = await ApiAsync();
        var tagged = await client.GetAsync("/api/hsds/taxonomies");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/taxonomies");
        again.Headers.IfNoneMatch.Add(tagged.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Organisations_and_sites_stream_as_ndjson_with_the_same_filters_as_their_pages()
    {
        var client = await ApiAsync();
        foreach (var (list, schema) in new[] { ("organizations", "organization"), ("service_at_locations", "service_at_location") })
        {
            var filter = $"taxonomy_term_id={app.With(db => db.NeedCategories.OrderBy(n => n.SortOrder).First().Id)}";
            var page = await GetAsync($"/api/hsds/{list}?{filter}&per_page=100");
            var response = await client.GetAsync($"/api/hsds/{list}?{filter}&format=ndjson");
            Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(page["total_items"]!.GetValue<int>(), lines.Length);
            Assert.True(lines.Length > 0, list);
            Assert.Equal(page["contents"]!.AsArray().Select(o => o!["id"]!.ToString()).Take(lines.Length),
                lines.Select(l => JsonNode.Parse(l)!["id"]!.ToString()).Take(100));
            foreach (var line in lines.Take(10)) await AssertValidAsync(schema, line, $"{list} ndjson line");
        }
    }

    [Fact]
    public async Task Modified_after_distance_and_search_answer_from_the_index()
    {
        Assert.Equal(0, (await GetAsync("/api/hsds/services?modified_after=2999-01-01T00:00:00Z"))["total_items"]!.GetValue<int>());
        var all = (await GetAsync("/api/hsds/services"))["total_items"]!.GetValue<int>();
        Assert.Equal(all, (await GetAsync("/api/hsds/services?modified_after=2000-01-01T00:00:00Z"))["total_items"]!.GetValue<int>());

        var near = await GetAsync("/api/hsds/services?lat=45.5&lon=-73.6&radius_km=3&per_page=20&full=true");
        var distances = near["contents"]!.AsArray().Where(s => s!["service_at_locations"]!.AsArray().Count > 0)
            .Select(s => s!["service_at_locations"]!.AsArray().Min(l => Geodesy.DistanceKm(45.5, -73.6, l!["location"]!["latitude"]!.GetValue<double>(), l["location"]!["longitude"]!.GetValue<double>()))).ToList();
        Assert.NotEmpty(distances);
        Assert.Equal(distances.Order(), distances);
        Assert.All(distances, d => Assert.True(d <= 3.01));

        var search = await GetAsync("/api/hsds/services?search=devoirs&per_page=100&full=true");
        Assert.True(search["total_items"]!.GetValue<int>() > 0);
        Assert.NotEmpty(search["contents"]!.AsArray());
        Assert.All(search["contents"]!.AsArray(), s => Assert.Contains(s!["attributes"]!.AsArray(), a => a!["value"]?.GetValue<string>() == "homework-help"
            || (s["name"]!.GetValue<string>() + s["description"]).Contains("evoir", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Inactive_services_never_appear()
    {
        var inactive = app.With(db =>
        {
            var service = db.Services.OrderBy(s => s.Name).First(s => s.Status == ServiceStatus.Active);
            service.Status = ServiceStatus.Inactive;
            db.SaveChanges();
            return service.Id;
        });
        try
        {
            var problem = await GetAsync($"/api/hsds/services/{inactive}", HttpStatusCode.NotFound);
            Assert.Equal(404, problem["status"]!.GetValue<int>());
            var ids = new List<string>();
            using var client = await ApiAsync();
            var lines = (await client.GetStringAsync("/api/hsds/services?format=ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.DoesNotContain(lines, l => l.Contains(inactive.ToString()));
            Assert.Equal((await GetAsync("/api/hsds/services"))["total_items"]!.GetValue<int>(), lines.Length);
            foreach (var line in lines.Take(20)) await AssertValidAsync("service", line, "ndjson line");
        }
        finally
        {
            app.With(db =>
            {
                db.Services.Single(s => s.Id == inactive).Status = ServiceStatus.Active;
                return db.SaveChanges();
            });
        }
    }

    [Fact]
    public async Task Lists_carry_an_etag_that_changes_with_the_catalogue()
    {
        var client = await ApiAsync();
        var first = await client.GetAsync("/api/hsds/services?per_page=5");
        var tag = first.Headers.ETag!.Tag;
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/services?per_page=5");
        again.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(tag));
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        // Any catalogue write changes the tag; the description is given back after, as other tests read the demo's.
        var (id, description) = app.With(db => db.Services.OrderBy(s => s.Name).Select(s => new { s.Id, s.Description }).AsEnumerable()
            .Select(s => (s.Id, s.Description)).First());
        void Describe(string text) => app.With(db =>
        {
            db.Services.Single(s => s.Id == id).Description = text;
            return db.SaveChanges();
        });
        Describe(description + " ");
        try
        {
            var changed = new HttpRequestMessage(HttpMethod.Get, "/api/hsds/services?per_page=5");
            changed.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue(tag));
            var response = await client.SendAsync(changed);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotEqual(tag, response.Headers.ETag!.Tag);
        }
        finally
        {
            Describe(description);
        }
    }

    [Fact]
    public async Task Keys_are_required_checked_and_revocable_and_reach_only_the_api()
    {
        var anonymous = app.Client(follow: false);
        var missing = await anonymous.GetAsync("/api/hsds/services");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);

        var wrong = app.Client(follow: false);
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "pn_" + new string('0', 64));
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/hsds/services")).StatusCode);

        var revokedKey = await IssueKeyAsync(app, "À révoquer");
        var revoked = app.Client(follow: false);
        revoked.DefaultRequestHeaders.Add("X-Api-Key", revokedKey);
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync("/api/hsds/services?per_page=1")).StatusCode);
        var id = app.With(db => db.ApiKeys.Single(k => k.Name == "À révoquer").Id);
        Assert.Null(app.With(db => db.ApiKeys.Single(k => k.Id == id).RevokedAt));
        Assert.DoesNotContain(revokedKey, app.With(db => string.Join(",", db.ApiKeys.Select(k => k.Prefix + Convert.ToHexString(k.Hash)))));
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        Assert.DoesNotContain(revokedKey, await admin.GetStringAsync("/Admin/ApiKeys")); // shown once only
        await AppFactory.PostFormAsync(admin, "/Admin/ApiKeys?handler=Revoke", new() { ["id"] = id.ToString() }, formPage: "/Admin/ApiKeys");
        Assert.Equal(HttpStatusCode.Unauthorized, (await revoked.GetAsync("/api/hsds/services?per_page=1")).StatusCode);

        // A key opens the read API and nothing else.
        var withKey = await ApiAsync();
        var page = await withKey.GetAsync("/Families");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/SignIn", page.Headers.Location!.PathAndQuery);
        foreach (var email in new[] { Seeder.AgentEmail, Seeder.PartnerEmail, Seeder.CssEmail })
        {
            var refused = await (await app.SignedInAsync(email)).GetAsync("/Admin/ApiKeys");
            Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.PathAndQuery);
        }
    }

    [Theory]
    [InlineData("/api/hsds/services?page=0")]
    [InlineData("/api/hsds/services?per_page=100000")]
    [InlineData("/api/hsds/services?lat=NaN&lon=-73")]
    [InlineData("/api/hsds/services?lat=48.8&lon=2.35")]
    [InlineData("/api/hsds/services?minimal=peut-être")]
    [InlineData("/api/hsds/services?taxonomy_term_id=not-a-uuid")]
    [InlineData("/api/hsds/services?modified_after=hier")]
    [InlineData("/api/hsds/services?language=klingon")]
    [InlineData("/api/hsds/services?format=xml")]
    public async Task Bad_parameters_get_a_json_problem_400(string url)
    {
        var response = await (await ApiAsync()).GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Unknown_ids_and_paths_get_a_json_problem_404()
    {
        foreach (var url in new[] { "/api/hsds/services/zzz", $"/api/hsds/services/{Guid.NewGuid()}", $"/api/hsds/organizations/{Guid.NewGuid()}", "/api/hsds/nothing", "/api/hsds/taxonomies/x" })
        {
            var response = await (await ApiAsync()).GetAsync(url);
            Assert.True(HttpStatusCode.NotFound == response.StatusCode, url);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }
}

public class HsdsRateLimitTests(LimitedApiApp app) : IClassFixture<LimitedApiApp>
{
    [Fact]
    public async Task Each_key_is_rate_limited_with_429_and_retry_after()
    {
        var key = await HsdsApiTests.IssueKeyAsync(app, "Limitée");
        var client = app.Client(follow: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        for (var i = 0; i < LimitedApiApp.PerMinute; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/hsds/")).StatusCode);
        var limited = await client.GetAsync("/api/hsds/");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter is not null);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType!.MediaType);

        // Another key has its own allowance.
        var other = app.Client(follow: false);
        other.DefaultRequestHeaders.Add("X-Api-Key", await HsdsApiTests.IssueKeyAsync(app, "Autre"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/hsds/")).StatusCode);
    }
}
