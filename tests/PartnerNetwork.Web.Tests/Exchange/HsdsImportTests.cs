using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Time;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data.Exchange.Hsds;

using static PartnerNetwork.Web.Tests.Exchange.ImportPage;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>Open Referral HSDS 3.0 in and out: the data package zip and HSDS JSON, checked, reported, applied, round-tripped.</summary>
[Trait("Database", "Both")]
public class HsdsImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Exchange", "hsds-examples");

    /// <summary>Everything a listing is, as text, so two directories can be compared service by service.</summary>
    static async Task<List<string>> CatalogueAsync(PartnerNetworkDb db) =>
        (await db.Services.AsNoTracking().AsSplitQuery().Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive)
            .Include(s => s.Organization).Include(s => s.Categories).ThenInclude(c => c.NeedCategory).Include(s => s.Schedules)
            .Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location).ToListAsync())
        .Select(s => string.Join(" | ", s.Id, s.Name, s.Description, s.Cost, s.MinimumAge, s.MaximumAge, s.MinimumGrade, s.MaximumGrade, s.EligibilityDescription,
            string.Join(',', s.Languages), s.ReferralEmail, s.ReferralPhone, s.ReferralContactName, s.AcceptsReferrals, s.KeepsWaitlist, s.WaitlistLength, s.IsRemote,
            s.Capacity.Available, s.Capacity.Maximum, s.Capacity.Unit,
            string.Join(',', s.Texts.OrderBy(t => t.Language).Select(t => $"{t.Language}:{t.Name}:{t.Description}")),
            string.Join(',', s.Categories.Select(c => c.NeedCategory!.Code).Order()),
            string.Join(',', s.Schedules.Select(h => $"{h.ByDay} {h.OpensAt}-{h.ClosesAt}").Order()),
            string.Join(',', s.ServiceAtLocations.Select(l => $"{l.Id}@{l.Location!.Id}:{l.Location.Name}:{l.Location.Address1}:{l.Location.City}:{l.Location.PostalCode}:{l.Location.Latitude}:{l.Location.Longitude}").Order()),
            s.Organization!.Id, s.Organization.Name, s.Organization.Description, s.Organization.Email, s.Organization.Phone, s.Organization.Website,
            string.Join(',', s.Organization.Texts.OrderBy(t => t.Language).Select(t => $"{t.Language}:{t.Name}:{t.Description}"))))
        .Order().ToList();

    [Fact]
    public async Task The_data_package_loads_back_into_an_empty_database_as_the_same_catalogue_and_again_changes_nothing()
    {
        // A partner's own English and Arabic texts travel too.
        await app.WithAsync(async db =>
        {
            var service = await db.Services.Include(s => s.Organization).FirstAsync(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive && !s.IsRemote);
            service.SetText("ar", "خدمة للعائلات", "وصف بالعربية");
            service.Organization!.SetText("en", "Families first", "An English description.");
            await db.SaveChangesAsync();
        });
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var package = await admin.GetByteArrayAsync("/Exchange?handler=Package");
        using (var zip = new ZipArchive(new MemoryStream(package)))
        {
            var names = zip.Entries.Select(e => e.Name).ToList();
            Assert.Contains("datapackage.json", names);
            foreach (var resource in HsdsTables.Resources) Assert.Contains(resource.Path, names);
            var descriptor = JsonNode.Parse(zip.GetEntry("datapackage.json")!.Open())!;
            Assert.Equal("tabular-data-package", (string?)descriptor["profile"]);
            using var services = new StreamReader(zip.GetEntry("services.csv")!.Open());
            Assert.StartsWith("id,organization_id,program_id,name,alternate_name,description", await services.ReadLineAsync());
        }

        var expected = await app.WithAsync(CatalogueAsync);
        // Import days after any date in the demo data (verified up to today), so the file's own dates never win.
        var firstDay = QuebecTime.Today(TimeProvider.System).AddDays(1);
        var (first, second, actual) = await EmptyDirectory.RunAsync(async empty =>
        {
            var problems = new List<ImportProblem>();
            var first = await HsdsImport.RunAsync(empty, HsdsTables.ReadPackage(package, problems), problems, firstDay.ToDateTime(new TimeOnly(17, 0), DateTimeKind.Utc), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: false);
            // Places listed without coordinates (another test may have imported one) are reported as such, and still imported.
            Assert.DoesNotContain(problems, p => p.MessageKey != "Import.NoPosition");
            var actual = await CatalogueAsync(empty);
            var again = new List<ImportProblem>();
            var second = await HsdsImport.RunAsync(empty, HsdsTables.ReadPackage(package, again), again, firstDay.AddDays(1).ToDateTime(new TimeOnly(17, 0), DateTimeKind.Utc), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: false);
            // Verified on the first import's day; the same file again (with older dates in it) does not move that back.
            Assert.Equal([firstDay], await empty.Services.AsNoTracking().Select(s => s.AssuredDate).Distinct().ToListAsync());
            return (first, second, actual);
        });
        Assert.Equal(0, first.Rejected);
        Assert.Equal(expected.Count, first.Created);
        Assert.Equal(expected, actual);
        Assert.Equal((0, 0, expected.Count, 0), (second.Created, second.Updated, second.Unchanged, second.Rejected));
    }

    /// <summary>One of our services as the API writes it, given new ids, name and organisation: a new listing elsewhere.</summary>
    async Task<JsonObject> NewListingAsync(string tag)
    {
        var id = app.With(db => db.Services.First(s => s.Status == ServiceStatus.Active && !s.IsRemote && s.AcceptsReferrals).Id);
        var service = HsdsCopies.Copy(await HsdsCopies.ServiceAsync(app, id), $"Atelier Quokka {tag}");
        var organizationId = Guid.NewGuid().ToString();
        HsdsCopies.OwnedBy(service, organizationId, $"Organisme Quokka {tag}");
        service["service_at_locations"] = new JsonArray(service["service_at_locations"]!.AsArray().Select(l => (JsonNode)HsdsCopies.NewSite(l!.AsObject(), organizationId)).ToArray());
        return service;
    }

    [Fact]
    public async Task A_location_without_coordinates_is_imported_without_a_map_position()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var service = await NewListingAsync(tag);
        foreach (var link in service["service_at_locations"]!.AsArray())
        {
            link!["location"]!.AsObject().Remove("latitude");
            link["location"]!.AsObject().Remove("longitude");
        }
        var reportUrl = await UploadedAsync(admin, Encoding.UTF8.GetBytes(new JsonArray(service).ToJsonString()), "services.json");
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(reportUrl));
        Assert.Equal((1, 0), (Count(report, "created"), Count(report, "rejected")));
        Assert.Contains("importée sans position sur la carte", report);
        await AppFactory.PostFormAsync(admin, reportUrl + "?handler=Confirm", [], formPage: reportUrl);
        var locations = app.With(db => db.Locations.AsNoTracking().Where(l => l.Organization!.Name == $"Organisme Quokka {tag}").ToList());
        Assert.NotEmpty(locations);
        Assert.All(locations, l => Assert.False(l.HasPosition));
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        Assert.Contains($"Atelier Quokka {tag}", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&q=quokka+{tag}")));
    }

    [Fact]
    public async Task Hsds_json_from_our_api_is_checked_first_then_applied_in_one_step_and_found_by_search()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var service = await NewListingAsync(tag);
        var bytes = Encoding.UTF8.GetBytes(new JsonArray(service).ToJsonString());

        var before = app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count()));
        var reportUrl = await UploadedAsync(admin, bytes, "services.json");
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(reportUrl));
        Assert.Equal((1, 0, 0), (Count(report, "created"), Count(report, "updated"), Count(report, "rejected")));
        Assert.Equal(before, app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count())));

        var confirm = await AppFactory.PostFormAsync(admin, reportUrl + "?handler=Confirm", [], formPage: reportUrl);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(before.Item2 + 1, app.With(db => db.Services.Count()));
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        Assert.Contains($"Atelier Quokka {tag}", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&q=quokka+{tag}")));

        // The same file again: nothing to do.
        var again = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, bytes, "services.json")));
        Assert.Equal((0, 0, 1), (Count(again, "created"), Count(again, "updated"), Count(again, "unchanged")));
    }

    [Fact]
    public async Task Renaming_an_organisation_to_another_ones_name_is_refused_with_its_reason()
    {
        var (id, otherName) = await app.WithAsync(async db =>
        {
            var organizations = await db.Organizations.AsNoTracking().Where(o => o.IsActive && o.Services.Any(s => s.Status == ServiceStatus.Active)).OrderBy(o => o.Id).Take(2).ToListAsync();
            return (await db.Services.Where(s => s.OrganizationId == organizations[0].Id && s.Status == ServiceStatus.Active).Select(s => s.Id).FirstAsync(), organizations[1].Name);
        });
        var service = await HsdsCopies.ServiceAsync(app, id);
        service["organization"]!["name"] = otherName;
        var problems = new List<ImportProblem>();
        var outcome = await app.WithAsync(db => HsdsImport.RunAsync(db, HsdsTables.ReadJson(Encoding.UTF8.GetBytes(new JsonArray(service).ToJsonString()), problems),
            problems, new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: false));
        Assert.Equal((0, 0, 1), (outcome.Created, outcome.Updated, outcome.Rejected));
        Assert.Contains(problems, p => p.MessageKey == "Import.NameTaken" && p.Value == otherName);
        Assert.Equal(1, app.With(db => db.Organizations.Count(o => o.Name == otherName)));
    }

    [Fact]
    public async Task The_official_examples_are_read_and_what_cannot_be_ours_is_reported_not_invented()
    {
        var before = app.With(db => (db.Organizations.Count(), db.Services.Count()));
        var problems = new List<ImportProblem>();
        var outcome = await app.WithAsync(db => HsdsImport.RunAsync(db, HsdsTables.ReadJson(File.ReadAllBytes(Path.Combine(Examples, "service_full.json")), problems),
            problems, new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: true));
        Assert.Equal((0, 1), (outcome.Created, outcome.Rejected));
        // Only its term, of no taxonomy of ours and not mapped, refuses the example. Latitude 100, a UK phone number and a
        // British postcode are field warnings; Urdu is a language like any other.
        Assert.Equal(["Import.UnmappedTerm"], problems.Where(p => !p.Warning).Select(p => p.MessageKey));
        Assert.Contains(problems, p => p is { MessageKey: "Import.OutsideQuebec", Column: "location.latitude", Warning: true });
        Assert.Contains(problems, p => p is { MessageKey: "Import.Phone", Warning: true } && p.Value.Contains("+44"));
        Assert.Contains(problems, p => p is { MessageKey: "Import.PostalCode", Value: "ABC 1234", Warning: true });
        Assert.DoesNotContain(problems, p => p.MessageKey == "Import.UnknownLanguage");
        Assert.All(problems, p => Assert.Equal(1, p.Line));

        // The organisation list (organisations without services) imports as organisations.
        var organizations = new List<ImportProblem>();
        var listed = await app.WithAsync(db => HsdsImport.RunAsync(db, HsdsTables.ReadJson(File.ReadAllBytes(Path.Combine(Examples, "organization_list.json")), organizations),
            organizations, new DateTime(2026, 12, 4, 17, 0, 0, DateTimeKind.Utc), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: true));
        Assert.Empty(organizations);
        Assert.True(listed.Created >= 1);
        Assert.Equal(before, app.With(db => (db.Organizations.Count(), db.Services.Count())));
    }

    [Fact]
    public async Task An_admin_maps_another_taxonomys_term_and_the_service_then_lands_in_that_need()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var json = ServiceJson(tag, termCode: $"BD-1800.2000-{tag}", termName: "Food Pantries");
        var first = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, Encoding.UTF8.GetBytes(json), "211.json")));
        Assert.Equal(1, Count(first, "rejected"));
        Assert.Contains("Terme de taxonomie sans correspondance", first);
        Assert.Contains($"BD-1800.2000-{tag}", first);

        var mappings = await AppFactory.PostFormAsync(admin, "/Admin/Taxonomy?handler=Add", new() { ["Input.ExternalTerm"] = $"BD-1800.2000-{tag}", ["Input.NeedCode"] = "food-security" }, formPage: "/Admin/Taxonomy");
        Assert.Equal(HttpStatusCode.Redirect, mappings.StatusCode);
        var duplicate = WebUtility.HtmlDecode(await (await AppFactory.PostFormAsync(admin, "/Admin/Taxonomy?handler=Add",
            new() { ["Input.ExternalTerm"] = $"bd-1800.2000-{tag}", ["Input.NeedCode"] = "tutoring" }, formPage: "/Admin/Taxonomy")).Content.ReadAsStringAsync());
        Assert.Contains("Ce terme a déjà une correspondance", duplicate);
        Assert.Contains($"BD-1800.2000-{tag}", WebUtility.HtmlDecode(await admin.GetStringAsync("/Admin/Taxonomy")));

        var second = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, Encoding.UTF8.GetBytes(json), "211.json")));
        Assert.Equal((1, 0), (Count(second, "created"), Count(second, "rejected")));
    }

    /// <summary>A 211-style service in Montréal with one term of another taxonomy.</summary>
    static string ServiceJson(string tag, string termCode, string termName, double latitude = 45.52, double longitude = -73.58, string opens = "09:00", string closes = "17:00")
    {
        var (service, organization, location, term) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        return new JsonArray(new JsonObject
        {
            ["id"] = service.ToString(), ["organization_id"] = organization.ToString(), ["name"] = $"Banque alimentaire {tag}", ["status"] = "active",
            ["description"] = "Paniers chaque semaine.",
            ["organization"] = new JsonObject { ["id"] = organization.ToString(), ["name"] = $"Organisme 211 {tag}", ["description"] = "Un organisme du quartier." },
            ["service_at_locations"] = new JsonArray(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(), ["service_id"] = service.ToString(), ["location_id"] = location.ToString(),
                ["location"] = new JsonObject
                {
                    ["id"] = location.ToString(), ["location_type"] = "physical", ["name"] = "Sous-sol de l'église", ["latitude"] = latitude, ["longitude"] = longitude,
                    ["addresses"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["address_1"] = "4000 rue Saint-Denis", ["city"] = "Montréal", ["state_province"] = "QC", ["postal_code"] = "H2W 2M5", ["country"] = "CA", ["address_type"] = "physical" }),
                },
            }),
            ["schedules"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["freq"] = "WEEKLY", ["byday"] = "MO,WE", ["opens_at"] = opens, ["closes_at"] = closes }),
            ["attributes"] = new JsonArray(new JsonObject
            {
                ["id"] = Guid.NewGuid().ToString(), ["taxonomy_term_id"] = term.ToString(),
                ["taxonomy_term"] = new JsonObject { ["id"] = term.ToString(), ["code"] = termCode, ["name"] = termName, ["description"] = "AIRS" },
            }),
        }).ToJsonString();
    }

    [Fact]
    public async Task Bad_files_give_their_message_and_change_nothing()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var before = app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count(), db.CatalogueVersions.AsNoTracking().Single().Version));

        async Task ExpectAsync(byte[] file, string name, string message)
        {
            var report = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, file, name)));
            Assert.Contains(message, report);
            Assert.Equal(0, Count(report, "created"));
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

        await ExpectAsync(Encoding.UTF8.GetBytes("[{\"id\": \"x\", \"status\": "), "broken.json", "n’est pas du JSON HSDS lisible");
        await ExpectAsync("PK\u0003\u0004 not really a zip"u8.ToArray(), "broken.zip", "n’est pas une archive zip lisible");
        await ExpectAsync(Zip(("services.csv", "id,name\n")), "nopackage.zip", "datapackage.json manque");
        await ExpectAsync(Zip([.. Enumerable.Range(0, 41).Select(i => ($"f{i}.csv", "id\n"))]), "many.zip", "trop de fichiers");
        await ExpectAsync(Zip(("datapackage.json", "{}"), ("services.csv", "id,name,colour\n")), "columns.zip", "Colonne inconnue");
        await ExpectAsync(Zip(("datapackage.json", "{}"), ("evil.exe", "MZ")), "files.zip", "Fichier inconnu dans l’archive");
        // A zip bomb: a small file that expands past the limit is refused while reading, not trusted from its headers.
        using (var bomb = new MemoryStream())
        {
            using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (var descriptor = zip.CreateEntry("datapackage.json").Open()) descriptor.Write("{}"u8);
                using var stream = zip.CreateEntry("services.csv", CompressionLevel.SmallestSize).Open();
                stream.Write("id,name\n"u8);
                var spaces = new byte[1 << 20];
                Array.Fill(spaces, (byte)' ');
                for (var written = 0L; written <= HsdsTables.MaxExpandedBytes; written += spaces.Length) stream.Write(spaces);
            }
            Assert.True(bomb.Length < 1_000_000);
            await ExpectAsync(bomb.ToArray(), "bomb.zip", "trop volumineuse une fois décompressée");
        }
        var s = Guid.NewGuid();
        await ExpectAsync(Zip(("datapackage.json", "{}"),
            ("organizations.csv", "id,name\n"),
            ("services.csv", $"id,organization_id,name,status\n{s},{Guid.NewGuid()},Orphelin {tag},active\n{s},{Guid.NewGuid()},Doublon {tag},active\n")), "refs.zip", "Identifiant déjà utilisé");
        await ExpectAsync(Zip(("datapackage.json", "{}"), ("organizations.csv", "id,name\n"), ("services.csv", $"id,organization_id,name,status\n{Guid.NewGuid()},{Guid.NewGuid()},Orphelin {tag},active\n")),
            "dangling.zip", "Renvoie à un enregistrement absent du fichier");
        // A position outside Quebec is only a field warning for an admin: HsdsWarningTests.
        await ExpectAsync(Encoding.UTF8.GetBytes(ServiceJson(tag, "food-security", "Sécurité alimentaire", opens: "18:00", closes: "09:00")), "hours.json", "Heures illisibles");
        await ExpectAsync(Encoding.UTF8.GetBytes(ServiceJson(tag, "food-security", "Sécurité alimentaire").Replace($"Banque alimentaire {tag}", "=HYPERLINK(\\\"x\\\")")), "formula.json", "est une formule");
        Assert.Equal(before, app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count(), db.CatalogueVersions.AsNoTracking().Single().Version)));
    }
}
