using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Data.Exchange;

namespace PartnerNetwork.Web.Tests.Catalogue;

/// <summary>Writes keep the catalogue honest: versions checked on save, every write path moves the catalogue version.</summary>
[Trait("Database", "Both")]
public class CatalogueIntegrityTests(AppFactory app) : IClassFixture<AppFactory>
{
    Guid CatalogueVersion() => app.With(db => db.CatalogueVersions.AsNoTracking().Single().Version);

    static string Field(string html, string name) =>
        WebUtility.HtmlDecode(Regex.Match(html, $"name=\"{Regex.Escape(name)}\"[^>]*value=\"([^\"]*)\"|value=\"([^\"]*)\"[^>]*name=\"{Regex.Escape(name)}\"") is { Success: true } m
            ? m.Groups[1].Value + m.Groups[2].Value : "");

    [Fact]
    public async Task A_change_made_through_another_instance_shows_in_searches_here_within_the_documented_bound()
    {
        var agent = await app.SignedInAsync(Seeder.AgentEmail);
        var word = "Wombat" + Guid.NewGuid().ToString("N")[..6];
        Assert.DoesNotContain($"Atelier {word}", WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&q={word}")));

        // Another instance renames a service and moves the version: nothing in this process signals it.
        var id = app.With(db => db.Services.First(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive).Id);
        app.With(db => db.Services.Where(s => s.Id == id).ExecuteUpdate(u => u.SetProperty(s => s.Name, $"Atelier {word}")));
        app.With(db => db.CatalogueVersions.ExecuteUpdate(u => u.SetProperty(v => v.Version, Guid.NewGuid())));

        // Asks until it shows: the bound is the version check's interval, plus the rebuild on a busy machine.
        var bound = TimeSpan.FromSeconds(PartnerNetwork.Data.Catalogue.CatalogueIndexCache.DefaultVersionCheckSeconds + 10);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&q={word}")).Contains($"Atelier {word}"))
        {
            Assert.True(clock.Elapsed < bound, $"The change did not show within {bound.TotalSeconds} s.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Two_partners_saving_the_same_organisation_from_the_same_form_do_not_overwrite_each_other()
    {
        var id = app.With(db => db.Users.Single(u => u.Email == Seeder.PartnerEmail).OrganizationId!.Value);
        var first = await app.SignedInAsync(Seeder.PartnerEmail);
        var second = await app.SignedInAsync(Seeder.PartnerEmail);
        var formA = await first.GetStringAsync($"/Organizations/Edit?id={id}");
        var formB = await second.GetStringAsync($"/Organizations/Edit?id={id}");
        Dictionary<string, string> Fields(string html, string phone) => new()
        {
            ["Input.Name"] = Field(html, "Input.Name"), ["Input.Version"] = Field(html, "Input.Version"), ["Input.Phone"] = phone,
            ["Input.Email"] = Field(html, "Input.Email"), ["Input.Website"] = Field(html, "Input.Website"),
            ["__RequestVerificationToken"] = AppFactory.AntiforgeryToken(html),
        };
        var versionBefore = CatalogueVersion();

        var saved = await first.PostAsync($"/Organizations/Edit?id={id}", new FormUrlEncodedContent(Fields(formA, "514-555-0101")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stale = await second.PostAsync($"/Organizations/Edit?id={id}", new FormUrlEncodedContent(Fields(formB, "514-555-0202")));

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("Quelqu’un d’autre a modifié cette fiche", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync()));
        var organization = app.With(db => db.Organizations.AsNoTracking().Single(o => o.Id == id));
        Assert.Equal("514-555-0101", organization.Phone);
        Assert.NotEqual(versionBefore, CatalogueVersion());
        Assert.Equal(Field(await first.GetStringAsync($"/Organizations/Edit?id={id}"), "Input.Version"), organization.Version.ToString());
    }

    [Fact]
    public async Task Saving_a_service_moves_its_version_its_update_time_and_the_catalogue_version()
    {
        var service = app.With(db => db.Services.AsNoTracking().OrderBy(s => s.Name).First());
        var before = (service.Version, service.UpdatedAt, Catalogue: CatalogueVersion());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>();
            var tracked = await db.Services.Include(s => s.Schedules).SingleAsync(s => s.Id == service.Id);
            // Only a child row changes: the service still counts as changed.
            tracked.SetWeeklyHours([new WeeklyOpening(DayOfWeek.Saturday, new TimeOnly(10, 0), new TimeOnly(12, 0))]);
            await db.SaveChangesAsync();
        }
        var after = app.With(db => db.Services.AsNoTracking().Single(s => s.Id == service.Id));
        Assert.NotEqual(before.Version, after.Version);
        Assert.True(after.UpdatedAt > before.UpdatedAt);
        Assert.NotEqual(before.Catalogue, CatalogueVersion());
    }

    [Fact]
    public async Task A_bulk_insert_moves_the_catalogue_version_and_versions_its_rows()
    {
        var before = CatalogueVersion();
        var organization = new Organization { Id = Guid.NewGuid(), Name = $"Organisme en vrac {Guid.NewGuid():N}" };
        await using (var scope = app.Services.CreateAsyncScope())
            await BulkInsert.InsertAsync(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>(), [organization]);
        Assert.NotEqual(before, CatalogueVersion());
        var stored = app.With(db => db.Organizations.AsNoTracking().Single(o => o.Id == organization.Id));
        Assert.NotEqual(Guid.Empty, stored.Version);
        Assert.Equal(Organization.NormalizeName(organization.Name), stored.NormalizedName);
    }

    [Fact]
    public async Task The_css_school_table_downloads_as_the_same_rows_in_csv()
    {
        var css = await app.SignedInAsync(Seeder.CssEmail);
        var response = await css.GetAsync("/Schools/Centre?handler=Csv&sort=name");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("school_code,school_name,city,imse_decile,sfr_decile,enrolment,levels,positioned", lines[0]);
        var expected = app.With(db => db.Schools.Count(s => s.ServiceCentre!.Code == "762000"));
        Assert.Equal(expected + 1, lines.Length);
        var first = app.With(db => db.Schools.Where(s => s.ServiceCentre!.Code == "762000").OrderBy(s => s.Name).First());
        Assert.StartsWith($"{first.Code},", lines[1]);
        var partner = await app.SignedInAsync(Seeder.PartnerEmail);
        var refused = await partner.GetAsync("/Schools/Centre?handler=Csv");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", refused.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1 514", "'+1 514")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcalc", "'\tcalc")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("École Saint-Jean", "École Saint-Jean")]
    public void Csv_cells_that_a_spreadsheet_would_run_are_neutralised(string cell, string written) =>
        Assert.Equal(written, CsvFile.Neutralise(cell));

    [Fact]
    public void Csv_numbers_and_dates_are_written_in_the_invariant_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("fr-CA");
        try
        {
            var text = Encoding.UTF8.GetString(CsvFile.Write(["a", "b", "c"], [[1234.5, new DateOnly(2026, 11, 23), "x,y"]]));
            Assert.Equal("\uFEFFa,b,c\r\n1234.5,2026-11-23,\"x,y\"\r\n", text);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }
}
