using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange.Spreadsheet;
using PartnerNetwork.Data.Seeding;

using static PartnerNetwork.Web.Tests.Exchange.ImportPage;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>A coordinator's spreadsheet into the directory: checked first, reported, confirmed, found; and back out.</summary>
[Trait("Database", "Both")]
public class SpreadsheetImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    const string Header = "organisme,courriel_organisme,telephone_organisme,site_web,service,description,besoins,langues,cout,age_min,age_max,contact_orientation,courriel_orientation,telephone_orientation,accepte_orientations,lieu,adresse,ville,code_postal,latitude,longitude,heures";

    static string Row(string organization, string service, string needs = "food-security", double lat = 45.52, double lon = -73.58, string hours = "mar 18:00-21:00") =>
        $"{organization},info@exemple.org,514-555-0123,,{service},Repas partagés,{needs},fr;es,gratuit,,,Marie,marie@exemple.org,514-555-0124,oui,Centre,{Math.Abs(organization.GetHashCode() % 9000) + 100} rue Exemple,Montréal,H2X 1Y4,{lat.ToString(System.Globalization.CultureInfo.InvariantCulture)},{lon.ToString(System.Globalization.CultureInfo.InvariantCulture)},{hours}";

    [Fact]
    public async Task A_spreadsheet_with_one_bad_row_is_reported_changes_nothing_then_applies_and_is_found()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var template = await admin.GetByteArrayAsync("/Exchange?handler=Template");
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), template[..3]);
        Assert.StartsWith(Header, Encoding.UTF8.GetString(template[3..]));

        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = string.Join("\r\n", Header, Row($"Cuisine Zéphyr {tag}", "Cuisine collective du mardi"), Row($"Répit Parents {tag}", "Halte répit", "parenting-support"),
            Row($"=HYPERLINK(1) {tag}", "Formule"), Row($"Loin {tag}", "Trop loin", lat: 48.85, lon: 2.35), Row($"Inconnu {tag}", "Besoin", needs: "astrologie"));
        var before = app.With(db => (db.Organizations.Count(), db.Services.Count(), db.CatalogueVersions.AsNoTracking().Single().Version));
        var checkedResponse = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.Redirect, checkedResponse.StatusCode);
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(checkedResponse.Headers.Location!.OriginalString));
        // The row placed in Paris comes in without a map position (a field warning); the formula and the unknown need refuse theirs.
        Assert.Equal((3, 0, 2, 1), (Count(report, "created"), Count(report, "updated"), Count(report, "rejected"), Count(report, "warnings")));
        Assert.Contains("Une cellule qui commence par = + - @ est une formule", report);
        Assert.Contains("Coordonnées hors du Québec", report);
        Assert.Contains("Besoin inconnu", report);
        Assert.Contains("astrologie", report);
        Assert.Equal(before, app.With(db => (db.Organizations.Count(), db.Services.Count(), db.CatalogueVersions.AsNoTracking().Single().Version)));

        var dayBefore = PartnerNetwork.Core.Time.QuebecTime.Today(TimeProvider.System); // the run may cross midnight
        var confirm = await AppFactory.PostFormAsync(admin, checkedResponse.Headers.Location!.OriginalString + "?handler=Confirm", [], formPage: checkedResponse.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(before.Item2 + 3, app.With(db => db.Services.Count()));
        Assert.Null(app.With(db => db.Locations.Single(l => l.Organization!.Name == $"Loin {tag}").Latitude));
        var verified = app.With(db => db.Services.Single(s => s.Name == "Cuisine collective du mardi" && s.Organization!.Name.StartsWith("Cuisine Zéphyr")).AssuredDate);
        Assert.InRange(verified!.Value, dayBefore, PartnerNetwork.Core.Time.QuebecTime.Today(TimeProvider.System));

        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var found = WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&q={tag}"));
        Assert.Contains("Cuisine collective du mardi", found);
        Assert.Contains("Halte répit", found);
        Assert.Contains("Cuisine collective du mardi", WebUtility.HtmlDecode(await agent.GetStringAsync("/Catalogue?origin=none&evenings=true&q=zephyr")));

        // The same file again changes nothing.
        var again = await UploadAsync(admin, Encoding.UTF8.GetBytes(csv));
        var second = WebUtility.HtmlDecode(await admin.GetStringAsync(again.Headers.Location!.OriginalString));
        Assert.Equal((0, 0, 3), (Count(second, "created"), Count(second, "updated"), Count(second, "unchanged")));
        Assert.DoesNotContain("Appliquer les", second);
    }

    [Fact]
    public async Task A_row_with_a_british_phone_urdu_age_100_and_a_foreign_postcode_comes_in_without_the_bad_fields()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = string.Join("\r\n", Header,
            $"Entraide {tag},pas-un-courriel,+44 20 7946 0958,javascript:alert(1),Repas {tag},Repas chauds,food-security,ur;xx,on verra,5,100,Marie,marie@exemple.org,\"\"\"514-555-0124\"\"\",oui,Centre,12 rue Exemple,Montréal,SW1A 1AA,45.52,-73.58,",
            $"Inversé {tag},,,,Âges {tag},,food-security,fr,gratuit,12,5,,,,oui,,,,,,,");
        var reportUrl = await UploadedAsync(admin, Encoding.UTF8.GetBytes(csv));
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(reportUrl));
        Assert.Equal((2, 2, 0), (Count(report, "created"), Count(report, "warnings"), Count(report, "rejected")));
        foreach (var left in new[] { "pas-un-courriel", "+44 20 7946 0958", "javascript:alert(1)", "xx", "on verra", "SW1A 1AA", "5" })
            Assert.Contains($"<td>{left}</td>", report);
        Assert.DoesNotContain("data-kind=\"refusals\"", report);

        await AppFactory.PostFormAsync(admin, reportUrl + "?handler=Confirm", [], formPage: reportUrl);
        var service = app.With(db => db.Services.Include(s => s.Organization).Include(s => s.ServiceAtLocations).ThenInclude(l => l.Location).Single(s => s.Name == $"Repas {tag}"));
        Assert.Equal(["ur"], service.Languages);
        Assert.Equal((5, 100, Cost.Fee), (service.MinimumAge, service.MaximumAge, service.Cost));
        // The quotes an export wrapped the number in are cleaned off; the British number is left out.
        Assert.Equal(("514-555-0124", null, null, null), (service.ReferralPhone, service.Organization!.Phone, service.Organization.Email, service.Organization.Website));
        Assert.Equal("", Assert.Single(service.ServiceAtLocations).Location!.PostalCode);
        var inverted = app.With(db => db.Services.Single(s => s.Name == $"Âges {tag}"));
        Assert.Equal(((int?)null, (int?)null), (inverted.MinimumAge, inverted.MaximumAge));
    }

    [Fact]
    public async Task Windows_1252_files_from_excel_are_read_and_wrong_columns_change_nothing()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var latin = Encoding.GetEncoding(1252).GetBytes(string.Join("\r\n", Header, Row($"Épicerie Été {tag}", "Épicerie solidaire")));
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync((await UploadAsync(admin, latin)).Headers.Location!.OriginalString));
        Assert.Equal(1, Count(report, "created"));
        var confirm = Regex.Match(report, "action=\"([^\"]+handler=Confirm)\"").Groups[1].Value;
        Assert.NotEmpty(confirm);
        await AppFactory.PostFormAsync(admin, WebUtility.HtmlDecode(confirm), [], formPage: "/Exchange");
        Assert.True(app.With(db => db.Organizations.Any(o => o.Name == $"Épicerie Été {tag}")));

        var wrong = WebUtility.HtmlDecode(await admin.GetStringAsync((await UploadAsync(admin, Encoding.UTF8.GetBytes("nom,adresse\r\nx,y"))).Headers.Location!.OriginalString));
        Assert.Contains("Colonne obligatoire absente", wrong);
        Assert.Equal(0, Count(wrong, "created"));
        var empty = await UploadAsync(admin, []);
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Equal("/Exchange", empty.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Rows_without_coordinates_are_imported_without_a_map_position_and_listed_in_the_report()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        static string Unplaced(string row) => Regex.Replace(row, @",-?\d+\.\d+,-?\d+\.\d+,([^,]*)$", ",,,$1");
        var csv = string.Join("\r\n", Header, Unplaced(Row($"Sans Carte {tag}", "Dépannage sans carte")), Row($"Avec Carte {tag}", "Dépannage sur la carte"));
        Assert.Contains(",H2X 1Y4,,,mar", csv);
        var reportUrl = await UploadedAsync(admin, Encoding.UTF8.GetBytes(csv));
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(reportUrl));
        Assert.Equal((2, 0), (Count(report, "created"), Count(report, "rejected")));
        Assert.Contains("importée sans position sur la carte", report);
        await AppFactory.PostFormAsync(admin, reportUrl + "?handler=Confirm", [], formPage: reportUrl);

        var location = app.With(db => db.Locations.AsNoTracking().Single(l => l.Organization!.Name == $"Sans Carte {tag}"));
        Assert.False(location.HasPosition);
        Assert.EndsWith("rue Exemple", location.Address1);
        var serviceId = app.With(db => db.Services.Single(s => s.Name == "Dépannage sans carte").Id);

        // Found by text, anywhere; not by distance; its page gives the address, marked as not on the map.
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        Assert.Contains($"r-{serviceId}", await agent.GetStringAsync($"/Catalogue?origin=none&q={tag}"));
        var nearby = await agent.GetStringAsync($"/Catalogue?origin=point&lat=45.52&lon=-73.58&km=100&q={tag}");
        Assert.DoesNotContain($"r-{serviceId}", nearby);
        Assert.Contains("r-", nearby);
        var page = WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue/Service/{serviceId}"));
        Assert.Contains(location.Address1, page);
        Assert.Contains("Pas sur la carte", page);

        // A position given since is kept when the same list is imported again, and nothing else changes.
        await app.WithAsync(async db =>
        {
            var placed = await db.Locations.SingleAsync(l => l.Id == location.Id);
            (placed.Latitude, placed.Longitude) = (45.53, -73.59);
            await db.SaveChangesAsync();
        });
        var again = WebUtility.HtmlDecode(await admin.GetStringAsync(await UploadedAsync(admin, Encoding.UTF8.GetBytes(csv))));
        Assert.Equal((0, 0, 2), (Count(again, "created"), Count(again, "updated"), Count(again, "unchanged")));
        Assert.True(app.With(db => db.Locations.AsNoTracking().Single(l => l.Id == location.Id).HasPosition));
    }

    [Fact]
    public async Task Css_staff_import_only_within_their_territory_and_others_cannot_import()
    {
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        // Montréal-Nord (CSS de la Pointe-de-l'Île) is another CSS's territory; Plateau is the CSS de Montréal's.
        // A remote line (no address) reaches past the CSS: only admins list one.
        var remote = $"À distance {tag},,,,Ligne d'écoute,Écoute,mental-health,fr,gratuit,,,,,,oui,,,,,,,";
        var csv = string.Join("\r\n", Header, Row($"Dedans {tag}", "Service dedans", lat: 45.5225, lon: -73.5800), Row($"Dehors {tag}", "Service dehors", lat: 45.6200, lon: -73.6200), remote);
        var report = WebUtility.HtmlDecode(await css.GetStringAsync((await UploadAsync(css, Encoding.UTF8.GetBytes(csv))).Headers.Location!.OriginalString));
        Assert.Equal((1, 2), (Count(report, "created"), Count(report, "rejected")));
        Assert.Contains("Hors du territoire de votre CSS", report);
        Assert.Contains("seuls les administrateurs l’importent", report);
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var byAdmin = WebUtility.HtmlDecode(await admin.GetStringAsync((await UploadAsync(admin, Encoding.UTF8.GetBytes(string.Join("\r\n", Header, remote)))).Headers.Location!.OriginalString));
        Assert.Equal((1, 0), (Count(byAdmin, "created"), Count(byAdmin, "rejected")));

        // A row without coordinates cannot show its territory: for CSS staff it counts as outside.
        var elsewhere = await UploadedAsync(admin, Encoding.UTF8.GetBytes(string.Join("\r\n", Header, Row($"Ailleurs {tag}", "Service ailleurs", lat: 45.6200, lon: -73.6200))));
        await AppFactory.PostFormAsync(admin, elsewhere + "?handler=Confirm", [], formPage: elsewhere);
        var unplaced = Row($"Ailleurs {tag}", "Autre service", lat: 45.6200, lon: -73.6200).Replace(",45.62,-73.62,", ",,,");
        Assert.Contains("H2X 1Y4,,,mar", unplaced);
        var refusedRow = WebUtility.HtmlDecode(await css.GetStringAsync(await UploadedAsync(css, Encoding.UTF8.GetBytes(string.Join("\r\n", Header, unplaced)))));
        Assert.Equal((0, 1), (Count(refusedRow, "created"), Count(refusedRow, "rejected")));
        Assert.Contains("ce lieu ne peut être placé dans votre territoire", refusedRow);

        // Another user's report does not exist for them.
        var cssUser = app.With(db => db.Users.Single(u => u.Email == Seeder.CssEmail).Id);
        var id = app.With(db => db.ImportBatches.Where(b => b.CreatedById == cssUser).OrderByDescending(b => b.CreatedAt).First().Id);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Exchange/Import/{id}")).StatusCode);
        foreach (var email in new[] { Seeder.AgentEmail, Seeder.PartnerEmail })
        {
            var client = await app.SignedInAsync(email);
            var refused = await client.GetAsync("/Exchange");
            Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task An_excel_workbook_filled_from_the_template_is_checked_by_the_same_rules_and_applied()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var template = await admin.GetAsync("/Exchange?handler=Template&english=true&format=xlsx");
        Assert.Equal(Xlsx.ContentType, template.Content.Headers.ContentType!.MediaType);
        using (var stream = await template.Content.ReadAsStreamAsync())
        {
            var header = ((IDictionary<string, object?>)MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: false).First()).Values.Select(v => v?.ToString()).ToList();
            Assert.Equal(SpreadsheetFormat.Columns.Select(c => c.English), header);
        }

        // The coordinator's rows typed into Excel: numbers as numbers, one cell a formula-like text.
        var tag = Guid.NewGuid().ToString("N")[..8];
        var columns = SpreadsheetFormat.Columns.Select(c => c.French).ToList();
        Dictionary<string, object?> Line(string organization, string service, object latitude) => new()
        {
            ["organisme"] = organization, ["courriel_organisme"] = "info@exemple.org", ["telephone_organisme"] = "514-555-0123", ["site_web"] = null,
            ["service"] = service, ["description"] = "Aide aux devoirs", ["besoins"] = "homework-help", ["langues"] = "fr", ["cout"] = "gratuit",
            ["age_min"] = 6, ["age_max"] = 12, ["contact_orientation"] = null, ["courriel_orientation"] = null, ["telephone_orientation"] = null,
            ["accepte_orientations"] = "oui", ["lieu"] = "Bibliothèque", ["adresse"] = $"{Math.Abs(service.GetHashCode() % 9000) + 100} rue Rachel", ["ville"] = "Montréal",
            ["code_postal"] = "H2J 2H9", ["latitude"] = latitude, ["longitude"] = -73.5790, ["heures"] = "lun 15:30-17:30",
        };
        using var workbook = new MemoryStream();
        MiniExcelLibs.MiniExcel.SaveAs(workbook, new[] { Line($"Devoirs Ouistiti {tag}", "Aide aux devoirs du lundi", 45.5260), Line($"=CMD() {tag}", "Formule", 45.5261) });
        Assert.Equal(columns, ((IDictionary<string, object?>)MiniExcelLibs.MiniExcel.Query(new MemoryStream(workbook.ToArray()), useHeaderRow: false).First()).Values.Select(v => v?.ToString()));

        var reportUrl = (await UploadAsync(admin, workbook.ToArray(), "partenaires.xlsx")).Headers.Location!.OriginalString;
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(reportUrl));
        Assert.Equal((1, 1), (Count(report, "created"), Count(report, "rejected")));
        Assert.Contains("est une formule", report);
        await AppFactory.PostFormAsync(admin, reportUrl + "?handler=Confirm", [], formPage: reportUrl);
        Assert.Equal((6, 12), app.With(db => db.Services.Where(s => s.Name == "Aide aux devoirs du lundi" && s.Organization!.Name == $"Devoirs Ouistiti {tag}")
            .Select(s => new { s.MinimumAge, s.MaximumAge }).AsEnumerable().Select(s => (s.MinimumAge!.Value, s.MaximumAge!.Value)).Single()));

        // The directory as a workbook reads back into the same rows as the CSV export.
        var xlsx = await admin.GetByteArrayAsync("/Exchange?handler=Export&format=xlsx");
        var needs = app.With(db => db.NeedCategories.ToList());
        var fromWorkbook = SpreadsheetFormat.Read(Xlsx.ToCsv(xlsx, out _)!, needs);
        var fromCsv = SpreadsheetFormat.Read(await admin.GetByteArrayAsync("/Exchange?handler=Export"), needs);
        Assert.Empty(fromWorkbook.Problems);
        Assert.Equal(fromCsv.Rows.Select(SpreadsheetFormat.KeyOf), fromWorkbook.Rows.Select(SpreadsheetFormat.KeyOf));

        // Not a workbook after all: a clear message.
        var broken = WebUtility.HtmlDecode(await admin.GetStringAsync((await UploadAsync(admin, [.. xlsx.Take(400)], "casse.xlsx")).Headers.Location!.OriginalString));
        Assert.Equal(0, Count(broken, "created"));
    }

    [Fact]
    public async Task The_export_loads_back_into_an_empty_database_as_the_same_catalogue()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var export = await admin.GetByteArrayAsync("/Exchange?handler=Export");
        await EmptyDirectory.RunAsync(async empty =>
        {
            var (rows, problems) = SpreadsheetFormat.Read(export, await empty.NeedCategories.ToListAsync());
            Assert.Empty(problems);
            var outcome = await SpreadsheetImport.RunAsync(empty, rows, problems, new DateOnly(2026, 11, 23), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: false);
            Assert.Equal(0, outcome.Rejected);

            var expected = app.With(db => db.Services.Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive)
                .Select(s => new { Organization = s.Organization!.Name, s.Name, Needs = s.Categories.Count, Sites = s.ServiceAtLocations.Count, Hours = s.Schedules.Count })
                .AsEnumerable().Select(s => $"{s.Organization}|{s.Name}|{s.Needs}|{s.Sites}|{s.Hours}").Order().ToList());
            var actual = (await empty.Services.Select(s => new { Organization = s.Organization!.Name, s.Name, Needs = s.Categories.Count, Sites = s.ServiceAtLocations.Count, Hours = s.Schedules.Count }).ToListAsync())
                .Select(s => $"{s.Organization}|{s.Name}|{s.Needs}|{s.Sites}|{s.Hours}").Order().ToList();
            Assert.Equal(expected, actual);

            // And again: nothing changes.
            var (again, againProblems) = SpreadsheetFormat.Read(export, await empty.NeedCategories.ToListAsync());
            var second = await SpreadsheetImport.RunAsync(empty, again, againProblems, new DateOnly(2026, 11, 24), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: false);
            Assert.Equal((0, 0, rows.Count), (second.Created, second.Updated, second.Unchanged));
        });
    }
}
