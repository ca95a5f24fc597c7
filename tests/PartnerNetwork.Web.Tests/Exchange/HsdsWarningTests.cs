using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data.Seeding;

using static PartnerNetwork.Web.Tests.Exchange.ImportPage;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>
/// An importer that keeps what it can (issue 23 §2): a field that fails its check is left out with a warning and the
/// record comes in; only what makes a record unusable refuses it. Through the upload form and its report.
/// </summary>
[Trait("Database", "Both")]
public class HsdsWarningTests(AppFactory app) : IClassFixture<AppFactory>
{
    static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Exchange", "hsds-examples");

    /// <summary>The official examples' one attribute has the term "code" (named "name"): an admin maps it as 211 staff would.</summary>
    async Task<HttpClient> AdminWithExampleTermMappedAsync()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var listed = await admin.GetStringAsync("/Admin/Taxonomy");
        if (!listed.Contains("<td>code</td>", StringComparison.Ordinal))
            await AppFactory.PostFormAsync(admin, "/Admin/Taxonomy?handler=Add", new() { ["Input.ExternalTerm"] = "code", ["Input.NeedCode"] = "mental-health" }, formPage: "/Admin/Taxonomy");
        return admin;
    }

    [Fact]
    public async Task The_official_full_service_example_imports_with_warnings_and_nothing_refused()
    {
        const string example = "service_full.json";
        var admin = await AdminWithExampleTermMappedAsync();
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, File.ReadAllBytes(Path.Combine(Examples, example)), example)));
        Assert.Equal(0, Count(report, "rejected"));
        Assert.Equal(1, Count(report, "warnings"));
        Assert.Equal(1, Count(report, "created") + Count(report, "updated") + Count(report, "unchanged"));
        Assert.DoesNotContain("data-kind=\"refusals\"", report);
        // Its British phone, its postcode and its position (latitude 100) are what it comes in without.
        Assert.Contains("\"+44 1234 234567\"", report);
        Assert.Contains("ABC 1234", report);
        Assert.Contains("Coordonnées hors du Québec", report);
        Assert.Contains("Importé sans ce champ", report);
        Assert.DoesNotContain("Langue inconnue", report);
    }

    [Fact]
    public async Task The_official_service_list_is_refused_only_for_having_no_need_of_ours()
    {
        // Its one service carries no attribute at all: nothing says which need it meets, the one thing a listing here must have.
        var admin = await AdminWithExampleTermMappedAsync();
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, File.ReadAllBytes(Path.Combine(Examples, "service_list.json")), "service_list.json")));
        Assert.Equal((1, 0), (Count(report, "rejected"), Count(report, "warnings")));
        Assert.Contains("Aucun besoin reconnu pour ce service (1)", report);
        Assert.Contains("1 problème(s)", report);
    }

    [Fact]
    public async Task The_official_organisation_list_imports_with_nothing_refused()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, File.ReadAllBytes(Path.Combine(Examples, "organization_list.json")), "organization_list.json")));
        Assert.Equal(0, Count(report, "rejected"));
        Assert.True(Count(report, "created") + Count(report, "updated") + Count(report, "unchanged") >= 1);
    }

    [Fact]
    public async Task A_package_with_a_british_phone_urdu_and_age_100_imports_with_warnings_and_a_dangling_organisation_is_refused()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var need = app.With(db => db.NeedCategories.Single(n => n.Code == "food-security").Id);
        var (organization, kept, orphan, location, absent) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var package = Zip(
            ("datapackage.json", "{}"),
            ("organizations.csv", $"id,name,description,email,website\n{organization},Entraide {tag},Un organisme,info@entraide.example,ftp://entraide.example\n"),
            ("services.csv", "id,organization_id,name,status,email,minimum_age,maximum_age\n"
                + $"{kept},{organization},Repas {tag},active,pas-un-courriel,5,100\n"
                + $"{orphan},{absent},Orphelin {tag},active,,,\n"),
            ("phones.csv", $"id,service_id,number\n{Guid.NewGuid()},{kept},+44 20 7946 0958\n"),
            ("languages.csv", $"id,service_id,name,code\n{Guid.NewGuid()},{kept},Urdu,ur\n{Guid.NewGuid()},{kept},Klingon,xx\n"),
            ("attributes.csv", $"id,link_id,taxonomy_term_id,link_type,link_entity\n{Guid.NewGuid()},{kept},{need},service,service\n{Guid.NewGuid()},{orphan},{need},service,service\n"),
            ("locations.csv", $"id,name,latitude,longitude\n{location},Salle {tag},45.52,-73.58\n"),
            ("addresses.csv", $"id,location_id,address_1,city,postal_code,address_type\n{Guid.NewGuid()},{location},4000 rue Saint-Denis,Montréal,SW1A 1AA,physical\n"),
            ("service_at_location.csv", $"id,service_id,location_id\n{Guid.NewGuid()},{kept},{location}\n"));

        var reportUrl = await UploadedAsync(admin, package, "211.zip");
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(reportUrl));
        Assert.Equal((1, 1, 1), (Count(report, "created"), Count(report, "warnings"), Count(report, "rejected")));
        Assert.Contains("Renvoie à un enregistrement absent du fichier", report);
        Assert.Contains(absent.ToString(), report);
        foreach (var left in new[] { "+44 20 7946 0958", "SW1A 1AA", "pas-un-courriel", "ftp://entraide.example", "xx" }) Assert.Contains($"<td>{left}</td>", report);

        var confirm = await AppFactory.PostFormAsync(admin, reportUrl + "?handler=Confirm", [], formPage: reportUrl);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var service = await app.WithAsync(db => db.Services.AsNoTracking().Include(s => s.Organization).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location)
            .SingleAsync(s => s.Id == kept));
        Assert.Equal(["ur"], service.Languages);
        Assert.Equal((5, 100), (service.MinimumAge, service.MaximumAge));
        Assert.Equal((null, null), (service.ReferralEmail, service.ReferralPhone));
        Assert.Equal(("info@entraide.example", null), (service.Organization!.Email, service.Organization.Website));
        var site = Assert.Single(service.ServiceAtLocations).Location!;
        Assert.Equal(("4000 rue Saint-Denis", "", 45.52), (site.Address1, site.PostalCode, site.Latitude));
        Assert.False(app.With(db => db.Services.Any(s => s.Id == orphan)));

        // Urdu is now a language of the directory: the search form offers it, by its name.
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var search = WebUtility.HtmlDecode(await agent.GetStringAsync("/Catalogue?origin=none"));
        Assert.Contains("<option value=\"ur\">ourdou</option>", search);
        Assert.Contains($"Repas {tag}", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&lang=ur&q={tag}")));
    }

    [Fact]
    public async Task A_position_outside_quebec_comes_in_without_one_for_an_admin()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var need = app.With(db => db.NeedCategories.Single(n => n.Code == "food-security").Id);
        var (organization, service, location) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var package = Zip(
            ("datapackage.json", "{}"),
            ("organizations.csv", $"id,name\n{organization},Paris {tag}\n"),
            ("services.csv", $"id,organization_id,name,status\n{service},{organization},Cantine {tag},active\n"),
            ("attributes.csv", $"id,link_id,taxonomy_term_id,link_type,link_entity\n{Guid.NewGuid()},{service},{need},service,service\n"),
            ("locations.csv", $"id,name,latitude,longitude\n{location},Salle {tag},48.85,2.35\n"),
            ("addresses.csv", $"id,location_id,address_1,city,postal_code,address_type\n{Guid.NewGuid()},{location},1 rue de Rivoli,Montréal,H2X 1Y4,physical\n"),
            ("service_at_location.csv", $"id,service_id,location_id\n{Guid.NewGuid()},{service},{location}\n"));
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, package, "paris.zip")));
        Assert.Equal((1, 1, 0), (Count(report, "created"), Count(report, "warnings"), Count(report, "rejected")));
        Assert.Contains("Coordonnées hors du Québec", report);
        Assert.Contains("48.85, 2.35", report);
    }

    static byte[] Zip(params (string Name, string Text)[] files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in files)
            {
                using var stream = zip.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(text));
            }
        return buffer.ToArray();
    }
}
