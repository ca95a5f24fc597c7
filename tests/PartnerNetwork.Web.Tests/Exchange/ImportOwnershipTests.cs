using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data.Exchange.Hsds;
using PartnerNetwork.Web.Operations.CommandLine;

using static PartnerNetwork.Web.Tests.Exchange.ImportPage;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>
/// Issue 18 §2: an import changes only what its author may change. CSS staff create in their territory and change only
/// organisations entirely theirs; matching by name or id never hands them another territory's listing (its referral
/// e-mail and phone are what a phisher wants), through every way in. Admins keep full reach.
/// </summary>
[Trait("Database", "Both")]
public class ImportOwnershipTests(AppFactory app) : IClassFixture<AppFactory>
{
    const string Header = "organisme,courriel_organisme,telephone_organisme,site_web,service,description,besoins,langues,cout,age_min,age_max,contact_orientation,courriel_orientation,telephone_orientation,accepte_orientations,lieu,adresse,ville,code_postal,latitude,longitude,heures";

    // The Plateau lies in the CSS de Montréal's territory (the demo CSS staff's); Montréal-Nord in the CSS de la Pointe-de-l'Île's.
    static readonly (double Lat, double Lon) Inside = (45.5225, -73.5800), Elsewhere = (45.6200, -73.6200);

    const string NotEntirelyTheirs = "n’est pas entièrement dans votre territoire";

    static string Row(string organization, string service, (double Lat, double Lon) at, string referralEmail = "marie@exemple.org", string organizationEmail = "info@exemple.org", string address = "1234 rue Exemple") =>
        string.Join(',', $"\"{organization.Replace("\"", "\"\"")}\"", organizationEmail, "514-555-0123", "", service, "Repas partagés", "food-security", "fr", "gratuit", "", "", "Marie", referralEmail,
            "514-555-0124", "oui", "Centre", address, "Montréal", "H2X 1Y4", at.Lat.ToString(CultureInfo.InvariantCulture), at.Lon.ToString(CultureInfo.InvariantCulture), "mar 18:00-21:00");

    static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\r\n", [Header, .. rows]));

    static byte[] Json(params JsonObject[] records) => Encoding.UTF8.GetBytes(new JsonArray([.. records]).ToJsonString());

    /// <summary>An organisation of another CSS's territory, listed by an admin: one service at one site in Montréal-Nord.</summary>
    async Task<(Guid Organization, Guid Service)> ElsewhereAsync(string tag)
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var url = await UploadedAsync(admin, Csv(Row($"Ailleurs {tag}", "Dépannage alimentaire", Elsewhere, organizationEmail: "vrai@ailleurs.org")));
        await AppFactory.PostFormAsync(admin, url + "?handler=Confirm", [], formPage: url);
        return app.With(db => db.Services.Where(s => s.Organization!.Name == $"Ailleurs {tag}")
            .Select(s => new { s.OrganizationId, s.Id }).AsEnumerable().Select(s => (s.OrganizationId, s.Id)).Single());
    }

    /// <summary>Uploads a file as the CSS staff and confirms it (a confirmation is only a POST), returning the check's report.</summary>
    async Task<string> CssImportsAsync(byte[] file, string name)
    {
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var url = await UploadedAsync(css, file, name);
        var report = WebUtility.HtmlDecode(await css.GetStringAsync(url));
        await AppFactory.PostFormAsync(css, url + "?handler=Confirm", [], formPage: url);
        return report;
    }

    (string? Email, string? Phone, int Sites) ServiceState(Guid service) => app.With(db => db.Services.AsNoTracking().Where(s => s.Id == service)
        .Select(s => new { s.ReferralEmail, s.ReferralPhone, Sites = s.ServiceAtLocations.Count }).AsEnumerable().Select(s => (s.ReferralEmail, s.ReferralPhone, s.Sites)).Single());

    string? OrganizationEmail(Guid organization) => app.With(db => db.Organizations.AsNoTracking().Single(o => o.Id == organization).Email);

    /// <summary>The service as HSDS JSON, its referral e-mail and phone rewritten, its sites replaced by one new site.</summary>
    async Task<JsonObject> PhishingRecordAsync(Guid organization, Guid service, string tag, (double Lat, double Lon)? at)
    {
        var record = await HsdsCopies.ServiceAsync(app, service);
        record["email"] = $"hameconnage-{tag}@exemple.org";
        foreach (var phone in record["phones"]?.AsArray() ?? []) phone!["number"] = "514-555-9999";
        var links = record["service_at_locations"]!.AsArray();
        var site = HsdsCopies.NewSite(links[0]!.AsObject(), organization.ToString());
        site["location"]!["latitude"] = at?.Lat;
        site["location"]!["longitude"] = at?.Lon;
        links.Clear();
        links.Add(site);
        return record;
    }

    [Fact]
    public async Task Hsds_json_from_css_staff_does_not_rewrite_another_territorys_service_even_through_a_site_without_coordinates()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (organization, service) = await ElsewhereAsync(tag);
        var before = ServiceState(service);

        // The reproduction: the Montréal-Nord service with a new referral e-mail and phone, and one site without coordinates.
        var report = await CssImportsAsync(Json(await PhishingRecordAsync(organization, service, tag, at: null)), "services.json");
        Assert.Equal((0, 0, 1), (Count(report, "created"), Count(report, "updated"), Count(report, "rejected")));
        Assert.Contains("ce lieu ne peut être placé dans votre territoire", report);
        Assert.Equal(before, ServiceState(service));

        // Its one site placed inside the CSS's territory: the organisation still has its site elsewhere, so it is not theirs.
        report = await CssImportsAsync(Json(await PhishingRecordAsync(organization, service, tag, Inside)), "services.json");
        Assert.Equal((0, 0, 1), (Count(report, "created"), Count(report, "updated"), Count(report, "rejected")));
        Assert.Contains(NotEntirelyTheirs, report);
        Assert.Equal(before, ServiceState(service));

        // Under a new organisation of the file, the service's id does not hand the service over either.
        var claimed = await PhishingRecordAsync(organization, service, tag, Inside);
        var newOrganization = Guid.NewGuid().ToString();
        HsdsCopies.OwnedBy(claimed, newOrganization, $"Organisme neuf {tag}");
        claimed["service_at_locations"]![0]!["location"]!["organization_id"] = newOrganization;
        report = await CssImportsAsync(Json(claimed), "services.json");
        Assert.Equal((0, 0, 1), (Count(report, "created"), Count(report, "updated"), Count(report, "rejected")));
        Assert.Contains("Ce service appartient déjà à un autre organisme", report);
        Assert.Equal(before, ServiceState(service));
        Assert.False(app.With(db => db.Organizations.Any(o => o.Name == $"Organisme neuf {tag}")));

        // An admin keeps full reach: the same change applies.
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var url = await UploadedAsync(admin, Json(await PhishingRecordAsync(organization, service, tag, Inside)), "services.json");
        Assert.Equal(1, Count(WebUtility.HtmlDecode(await admin.GetStringAsync(url)), "updated"));
        await AppFactory.PostFormAsync(admin, url + "?handler=Confirm", [], formPage: url);
        Assert.Equal($"hameconnage-{tag}@exemple.org", ServiceState(service).Email);
    }

    [Fact]
    public async Task An_hsds_package_from_css_staff_does_not_take_over_another_territorys_organisation_by_its_name()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (organization, service) = await ElsewhereAsync(tag);
        // A new service, under a new organisation id that carries the other territory's organisation's name, at a site inside.
        var record = HsdsCopies.Copy(await PhishingRecordAsync(organization, service, tag, Inside), $"Service neuf {tag}");
        var newOrganization = Guid.NewGuid().ToString();
        HsdsCopies.OwnedBy(record, newOrganization, $"Ailleurs {tag}");
        record["organization"]!["email"] = $"hameconnage-{tag}@exemple.org";
        var site = record["service_at_locations"]![0]!;
        site["id"] = Guid.NewGuid().ToString();
        site["location"]!["organization_id"] = newOrganization;
        var problems = new List<ImportProblem>();
        using var package = new MemoryStream();
        using (var writer = new HsdsPackageWriter())
        {
            writer.Append(HsdsTables.ReadJson(Json(record), problems));
            writer.WriteZip(package);
        }
        Assert.Empty(problems);

        var report = await CssImportsAsync(package.ToArray(), "paquet.zip");
        Assert.Equal((0, 0, 1), (Count(report, "created"), Count(report, "updated"), Count(report, "rejected")));
        Assert.Contains(NotEntirelyTheirs, report);
        Assert.Equal("vrai@ailleurs.org", OrganizationEmail(organization));
        Assert.False(app.With(db => db.Services.Any(s => s.Name == $"Service neuf {tag}")));
    }

    [Fact]
    public async Task A_spreadsheet_row_placed_inside_the_territory_changes_neither_an_organisation_located_elsewhere_nor_one_with_its_own_staff()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (organization, _) = await ElsewhereAsync(tag);
        var partner = app.With(db => db.Users.Where(u => u.Email == Seeder.PartnerEmail).Select(u => u.Organization!).Select(o => new { o.Id, o.Name, o.Email }).Single());

        // The reproduction: a row inside the territory for the Montréal-Nord organisation, with new shared fields.
        var report = await CssImportsAsync(Csv(
            Row($"Ailleurs {tag}", "Nouveau service", Inside, referralEmail: $"hameconnage-{tag}@exemple.org", organizationEmail: $"hameconnage-{tag}@exemple.org"),
            Row(partner.Name, $"Service {tag}", Inside, organizationEmail: $"hameconnage-{tag}@exemple.org"),
            Row($"Dedans {tag}", "Halte-garderie", Inside)), "partenaires.csv");
        Assert.Equal((1, 2), (Count(report, "created"), Count(report, "rejected")));
        Assert.Contains(NotEntirelyTheirs, report);
        Assert.Contains("Cet organisme a ses propres comptes", report);
        Assert.Equal("vrai@ailleurs.org", OrganizationEmail(organization));
        Assert.Equal(partner.Email, OrganizationEmail(partner.Id));
        Assert.False(app.With(db => db.Services.Any(s => s.Name == "Nouveau service" || s.Name == $"Service {tag}")));

        // What the CSS created in its territory stays theirs to change.
        var again = await CssImportsAsync(Csv(Row($"Dedans {tag}", "Halte-garderie", Inside, referralEmail: $"accueil-{tag}@exemple.org")), "partenaires.csv");
        Assert.Equal((0, 1, 0), (Count(again, "created"), Count(again, "updated"), Count(again, "rejected")));
        Assert.Equal($"accueil-{tag}@exemple.org", app.With(db => db.Services.Single(s => s.Organization!.Name == $"Dedans {tag}").ReferralEmail));
    }

    [Fact]
    public async Task The_command_line_imports_with_an_admins_reach_unless_given_a_css()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (organization, service) = await ElsewhereAsync(tag);
        var before = ServiceState(service);
        var code = app.With(db => db.Users.Where(u => u.Email == Seeder.CssEmail).Select(u => u.ServiceCentre!.Code).Single());
        var path = Path.Combine(Path.GetTempPath(), $"pn-import-{Guid.NewGuid():N}.json");
        await File.WriteAllBytesAsync(path, Json(await PhishingRecordAsync(organization, service, tag, Inside)));
        var report = Path.ChangeExtension(path, ".csv");
        try
        {
            Assert.Equal(2, await ImportCommand.RunAsync(app.Services, [path, "--apply", "--css", "NOPE"]));
            Assert.Equal(0, await ImportCommand.RunAsync(app.Services, [path, "--apply", "--css", code, "--report", report]));
            Assert.Equal(before, ServiceState(service));
            Assert.Contains(NotEntirelyTheirs, await File.ReadAllTextAsync(report));

            Assert.Equal(0, await ImportCommand.RunAsync(app.Services, [path, "--apply"]));
            Assert.Equal($"hameconnage-{tag}@exemple.org", ServiceState(service).Email);
        }
        finally
        {
            File.Delete(path);
            File.Delete(report);
        }
    }
}
