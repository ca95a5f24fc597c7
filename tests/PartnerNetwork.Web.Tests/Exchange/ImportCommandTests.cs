using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange.Hsds;
using PartnerNetwork.Web.Operations.CommandLine;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>
/// The command-line import (files past the upload limit), and an apply that mixes new records, written in bulk, with
/// changes to existing ones, written by SaveChanges, in one transaction.
/// </summary>
[Trait("Database", "Both")]
public class ImportCommandTests(AppFactory app) : IClassFixture<AppFactory>
{
    static string File(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pn-import-{Guid.NewGuid():N}.json");
        System.IO.File.WriteAllText(path, json, Encoding.UTF8);
        return path;
    }

    [Fact]
    public async Task New_services_and_sites_next_to_changes_to_existing_ones_are_applied_together_and_versioned()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var (existingId, organizationId, versionBefore) = app.With(db => db.Services.AsNoTracking()
            .Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive && !s.IsRemote && s.ServiceAtLocations.Any())
            .OrderBy(s => s.Name).Select(s => new { s.Id, s.OrganizationId, s.Version }).AsEnumerable().Select(s => (s.Id, s.OrganizationId, s.Version)).First());
        var catalogueBefore = app.With(db => db.CatalogueVersions.AsNoTracking().Single().Version);

        // The existing service gains a site; a new service of the same organisation has that new site and an old one.
        var existing = await HsdsCopies.ServiceAsync(app, existingId);
        var links = existing["service_at_locations"]!.AsArray();
        var newSite = HsdsCopies.NewSite(links[0]!.AsObject(), organizationId.ToString(), $"Local Tatou {tag}");
        links.Add(newSite);
        var fresh = HsdsCopies.Copy(existing, $"Atelier Tatou {tag}");
        foreach (var link in fresh["service_at_locations"]!.AsArray()) link!["id"] = Guid.NewGuid().ToString();
        var path = File(new JsonArray(existing, fresh).ToJsonString());
        try
        {
            // A dry run changes nothing.
            Assert.Equal(0, await ImportCommand.RunAsync(app.Services, [path]));
            Assert.False(app.With(db => db.Services.Any(s => s.Name == $"Atelier Tatou {tag}")));
            Assert.Equal(catalogueBefore, app.With(db => db.CatalogueVersions.AsNoTracking().Single().Version));

            Assert.Equal(0, await ImportCommand.RunAsync(app.Services, [path, "--apply"]));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
        var siteId = Guid.Parse((string)newSite["location_id"]!);
        app.With(db =>
        {
            var created = db.Services.AsNoTracking().Include(s => s.ServiceAtLocations).Include(s => s.Schedules).Include(s => s.Categories)
                .Single(s => s.Name == $"Atelier Tatou {tag}");
            Assert.Equal(organizationId, created.OrganizationId);
            Assert.NotEqual(Guid.Empty, created.Version);
            Assert.NotEqual(default, created.UpdatedAt);
            Assert.Equal(links.Count, created.ServiceAtLocations.Count);
            Assert.Contains(created.ServiceAtLocations, l => l.LocationId == siteId);
            Assert.NotEmpty(created.Categories);

            var site = db.Locations.AsNoTracking().Single(l => l.Id == siteId);
            Assert.Equal((organizationId, $"Local Tatou {tag}"), (site.OrganizationId, site.Name));
            Assert.NotEqual(Guid.Empty, site.Version);

            // The existing service changed (a new site): it has a new version, so forms open on the old one refuse to save.
            var updated = db.Services.AsNoTracking().Include(s => s.ServiceAtLocations).Single(s => s.Id == existingId);
            Assert.Contains(updated.ServiceAtLocations, l => l.LocationId == siteId);
            Assert.NotEqual(versionBefore, updated.Version);
            Assert.NotEqual(catalogueBefore, db.CatalogueVersions.AsNoTracking().Single().Version);
            return true;
        });
    }

    [Fact]
    public async Task An_apply_that_fails_halfway_through_its_bulk_writes_leaves_nothing()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var template = app.With(db => db.Services.AsNoTracking()
            .Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive && !s.IsRemote && s.ServiceAtLocations.Any()).OrderBy(s => s.Name).First().Id);
        var takenLinkId = app.With(db => db.ServiceAtLocations.AsNoTracking().Where(l => l.ServiceId != template).OrderBy(l => l.Id).First().Id);
        var existing = await HsdsCopies.ServiceAsync(app, template);
        // Three new services of a new organisation on a new site; the last one's link reuses an id the database holds,
        // which only the database can tell: its insert fails after the organisation, site and services were written.
        var organizationId = Guid.NewGuid().ToString();
        var site = HsdsCopies.NewSite(existing["service_at_locations"]![0]!.AsObject(), organizationId, $"Local Pangolin {tag}");
        var services = new JsonArray();
        for (var i = 0; i < 3; i++)
        {
            var service = HsdsCopies.Copy(existing, $"Atelier Pangolin {tag} {i}");
            HsdsCopies.OwnedBy(service, organizationId, $"Organisme Pangolin {tag}");
            var link = site.DeepClone().AsObject();
            link["id"] = i == 2 ? takenLinkId.ToString() : Guid.NewGuid().ToString();
            service["service_at_locations"] = new JsonArray(link);
            services.Add(service);
        }
        var before = app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count(), db.Schedules.Count(), db.CatalogueVersions.AsNoTracking().Single().Version));
        var problems = new List<PartnerNetwork.Data.Exchange.ImportProblem>();
        var failed = await Assert.ThrowsAsync<DbUpdateException>(() => app.WithAsync(db => HsdsImport.RunAsync(db,
            HsdsTables.ReadJson(Encoding.UTF8.GetBytes(services.ToJsonString()), problems), problems, new DateTime(2026, 12, 5, 17, 0, 0, DateTimeKind.Utc), PartnerNetwork.Core.Access.ImportReach.Everything, dryRun: false)));
        Assert.IsAssignableFrom<System.Data.Common.DbException>(failed.InnerException);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Assert.Equal(before, app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count(), db.Schedules.Count(), db.CatalogueVersions.AsNoTracking().Single().Version)));
        Assert.False(app.With(db => db.Organizations.Any(o => o.Name == $"Organisme Pangolin {tag}")));
    }

    [Fact]
    public async Task A_refused_file_changes_nothing_and_the_command_says_so_by_its_exit_code_and_report()
    {
        var before = app.With(db => (db.Services.Count(), db.Locations.Count(), db.CatalogueVersions.AsNoTracking().Single().Version));
        var path = Path.Combine(Path.GetTempPath(), $"pn-import-{Guid.NewGuid():N}.zip");
        var report = Path.ChangeExtension(path, ".csv");
        using (var zip = new System.IO.Compression.ZipArchive(System.IO.File.Create(path), System.IO.Compression.ZipArchiveMode.Create))
            using (var entry = new StreamWriter(zip.CreateEntry("services.csv").Open())) entry.Write("id,name\n");
        try
        {
            Assert.Equal(1, await ImportCommand.RunAsync(app.Services, [path, "--apply", "--report", report]));
            var lines = await System.IO.File.ReadAllLinesAsync(report);
            Assert.Equal("line,column,value,problem,outcome", lines[0]);
            Assert.Contains(lines, l => l.Contains("datapackage.json manque"));
            Assert.Equal(2, await ImportCommand.RunAsync(app.Services, [path + ".missing"]));
        }
        finally
        {
            System.IO.File.Delete(path);
            System.IO.File.Delete(report);
        }
        Assert.Equal(before, app.With(db => (db.Services.Count(), db.Locations.Count(), db.CatalogueVersions.AsNoTracking().Single().Version)));
    }
}
