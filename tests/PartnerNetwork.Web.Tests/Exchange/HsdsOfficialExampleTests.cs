using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Tests.Api;

using static PartnerNetwork.Web.Tests.Exchange.ImportPage;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>
/// The official HSDS 3.0 example <c>service_full.json</c>, field by field (issue 21): what our catalogue holds once it is
/// imported (read) and what our API then serves for it (written). The expected values are typed from the example, not
/// produced by our serializer, so a round trip of our own mistakes cannot pass for a reading of the standard.
/// </summary>
[Trait("Database", "Both")]
public class HsdsOfficialExampleTests(AppFactory app) : IClassFixture<AppFactory>
{
    static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Exchange", "hsds-examples");

    const string ServiceId = "ac148810-d857-441c-9679-408f346de14b";
    const string OrganizationId = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610";
    const string LocationId = "3a19ff88-4620-4d17-9830-ac1d859eb5d5";
    const string LinkId = "e94c9f38-1e8f-4564-91d4-d53501ab1765";
    // The example's text ends with a space; cells are trimmed on the way in.
    const string Description = "Counselling Services provided by trained professionals. Suitable for people with mental health conditions such as "
        + "anxiety, depression, or eating disorders as well as people experiencing difficult life events and circumstances.";
    const string Eligibility = "This service is intended for all people aged 12 and over who require counselling services in the MyCity area";
    const string OrganizationDescription = "Example Org is a non-profit organization dedicated to providing services to qualified beneficiaries";

    [Fact]
    public async Task Each_field_we_map_of_the_official_full_service_is_read_into_the_catalogue_and_served_back_by_the_api()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        // Its one attribute is the term "code" of an unnamed taxonomy: mapped to one of our needs as a 211 feed's would be.
        await AppFactory.PostFormAsync(admin, "/Admin/Taxonomy?handler=Add", new() { ["Input.ExternalTerm"] = "code", ["Input.NeedCode"] = "mental-health" }, formPage: "/Admin/Taxonomy");
        var reportUrl = await UploadedAsync(admin, File.ReadAllBytes(Path.Combine(Examples, "service_full.json")), "service_full.json");
        var day = QuebecTime.Today(TimeProvider.System);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostFormAsync(admin, reportUrl + "?handler=Confirm", [], formPage: reportUrl)).StatusCode);

        // Read: what the catalogue holds.
        var service = await app.WithAsync(db => db.Services.AsNoTracking().AsSplitQuery().Include(s => s.Organization).Include(s => s.Schedules)
            .Include(s => s.Categories).ThenInclude(c => c.NeedCategory).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
            .SingleAsync(s => s.Id == Guid.Parse(ServiceId)));
        Assert.Equal("Community Counselling", service.Name);
        Assert.Equal(Description, service.Description);
        Assert.Equal(ServiceStatus.Active, service.Status);
        Assert.Equal(Eligibility, service.EligibilityDescription);
        Assert.Equal((12, 100), (service.MinimumAge, service.MaximumAge));
        // "Non-NHS patients are expected to pay for their counselling sessions…"
        Assert.Equal(Cost.Fee, service.Cost);
        Assert.Equal(["ur"], service.Languages);
        Assert.Equal("email@example.com", service.ReferralEmail);
        Assert.Equal("Ann Persona", service.ReferralContactName);
        // "+44 1234 234567" (quotes included in the example) is no number a family here can dial: left out, with a warning.
        Assert.Null(service.ReferralPhone);
        // The file's assured_date (2005-01-01) does not win over the day the import verified it.
        Assert.Equal(day, service.AssuredDate);
        Assert.Equal(["mental-health"], service.Categories.Select(c => c.NeedCategory!.Code));
        Assert.Equal(["Thursday 10:00-18:00", "Friday 10:00-18:00"],
            service.Schedules.OrderBy(h => h.ByDay).Select(h => $"{h.ByDay} {h.OpensAt:HH\\:mm}-{h.ClosesAt:HH\\:mm}"));
        var organization = service.Organization!;
        Assert.Equal((Guid.Parse(OrganizationId), "Example Organization Inc.", OrganizationDescription, "email@example.com", "http://example.com", (string?)null),
            (organization.Id, organization.Name, organization.Description, organization.Email, organization.Website, organization.Phone));
        var link = Assert.Single(service.ServiceAtLocations);
        Assert.Equal(Guid.Parse(LinkId), link.Id);
        var location = link.Location!;
        // Latitude 100, longitude 101 and the postcode "ABC 1234" are outside Quebec: the site comes in without them.
        Assert.Equal((Guid.Parse(LocationId), "MyCity Civic Center", "1-30 Main Street", "MyCity", "", (double?)null, (double?)null),
            (location.Id, location.Name, location.Address1, location.City, location.PostalCode, location.Latitude, location.Longitude));

        // Written: what the API serves for it.
        var client = app.Client(follow: false);
        client.DefaultRequestHeaders.Add("X-Api-Key", await HsdsApiTests.IssueKeyAsync(app, $"Example {Guid.NewGuid():N}"));
        var json = JsonNode.Parse(await client.GetStringAsync($"/api/hsds/services/{ServiceId}"))!;
        Assert.Equal(ServiceId, (string?)json["id"]);
        Assert.Equal(OrganizationId, (string?)json["organization_id"]);
        Assert.Equal("Community Counselling", (string?)json["name"]);
        Assert.Equal(Description, (string?)json["description"]);
        Assert.Equal("email@example.com", (string?)json["email"]);
        Assert.Equal("active", (string?)json["status"]);
        Assert.Equal("Payant", (string?)json["fees_description"]);
        Assert.Equal(Eligibility, (string?)json["eligibility_description"]);
        Assert.Equal((12, 100), ((int?)json["minimum_age"], (int?)json["maximum_age"]));
        Assert.Equal(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string?)json["assured_date"]);
        var language = Assert.Single(json["languages"]!.AsArray())!;
        Assert.Equal(("ur", "Urdu"), ((string?)language["code"], (string?)language["name"]));
        Assert.Equal("Ann Persona", (string?)Assert.Single(json["contacts"]!.AsArray())!["name"]);
        Assert.Empty(json["phones"]!.AsArray());
        Assert.Equal(["TH 10:00-18:00", "FR 10:00-18:00"], json["schedules"]!.AsArray().Select(h => $"{h!["byday"]} {h["opens_at"]}-{h["closes_at"]}"));
        Assert.Contains(json["attributes"]!.AsArray(), a => (string?)a!["taxonomy_term"]?["code"] == "mental-health");
        var servedOrganization = json["organization"]!;
        Assert.Equal((OrganizationId, "Example Organization Inc.", OrganizationDescription, "email@example.com"),
            ((string?)servedOrganization["id"], (string?)servedOrganization["name"], (string?)servedOrganization["description"], (string?)servedOrganization["email"]));
        Assert.StartsWith("http://example.com", (string?)servedOrganization["website"]);
        var servedLink = Assert.Single(json["service_at_locations"]!.AsArray())!;
        Assert.Equal((LinkId, LocationId), ((string?)servedLink["id"], (string?)servedLink["location_id"]));
        var servedLocation = servedLink["location"]!;
        Assert.Equal(("MyCity Civic Center", null, null), ((string?)servedLocation["name"], (double?)servedLocation["latitude"], (double?)servedLocation["longitude"]));
        var address = Assert.Single(servedLocation["addresses"]!.AsArray())!;
        Assert.Equal(("1-30 Main Street", "MyCity"), ((string?)address["address_1"], (string?)address["city"]));
    }
}
