using System.Data.Common;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Exchange;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Web.Jobs;

using static PartnerNetwork.Web.Tests.Exchange.ImportPage;

namespace PartnerNetwork.Web.Tests.Exchange;

/// <summary>Big files: checked and applied in the background with progress; a run stopped halfway leaves nothing, and starts over.</summary>
[Trait("Database", "Both")]
public class BackgroundImportTests(AppFactory app) : IClassFixture<AppFactory>
{
    const string Header = "organisme,service,besoins,adresse,ville,code_postal,latitude,longitude,heures,description";

    /// <summary>A spreadsheet bigger than what is checked within the request: <paramref name="count"/> services of as many organisations.</summary>
    static byte[] BigSpreadsheet(string tag, int count)
    {
        var lines = new List<string> { Header };
        for (var i = 0; i < count; i++)
            lines.Add($"Organisme {tag} {i},Aide aux devoirs {i},homework-help,{1000 + i} rue Rachel,Montréal,H2J 2H9,{(45.50 + i * 0.00001).ToString(System.Globalization.CultureInfo.InvariantCulture)},-73.58,lun 15:30-17:30,{new string('x', 400)}");
        var bytes = Encoding.UTF8.GetBytes(string.Join("\r\n", lines));
        Assert.True(bytes.Length > ImportBatch.InlineBytes);
        return bytes;
    }

    async Task RunImportJobAsync()
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ImportJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_big_file_is_checked_then_applied_in_the_background_with_progress_and_found_again_from_the_import_page()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var before = app.With(db => db.Services.Count());
        var url = await UploadedAsync(admin, BigSpreadsheet(tag, 700), "gros-fichier.csv");
        var id = Guid.Parse(url.Split('/').Last());

        // Queued: the page shows a progress bar, and nothing has changed.
        var waiting = WebUtility.HtmlDecode(await admin.GetStringAsync(url));
        Assert.Contains("Vérification du fichier en cours", waiting);
        Assert.Contains("<progress id=\"import-progress\"", waiting);
        Assert.DoesNotContain("data-count=\"created\"", waiting);
        var state = JsonNode.Parse(await admin.GetStringAsync($"{url}?handler=Progress"))!;
        Assert.Equal((true, "CheckQueued"), ((bool)state["waiting"]!, (string?)state["status"]));

        await RunImportJobAsync();
        var batch = app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id));
        Assert.Equal((ImportStatus.Checked, 700, 700), (batch.Status, batch.Processed, batch.Total));
        var report = WebUtility.HtmlDecode(await admin.GetStringAsync(url));
        Assert.Equal(700, Count(report, "created"));
        Assert.Equal(before, app.With(db => db.Services.Count()));

        // Confirmed: applied in the background too; a second confirmation claims nothing.
        var confirm = await AppFactory.PostFormAsync(admin, url + "?handler=Confirm", [], formPage: url);
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Contains("Application du fichier en cours", WebUtility.HtmlDecode(await admin.GetStringAsync(url)));
        await AppFactory.PostFormAsync(admin, url + "?handler=Confirm", [], formPage: url);
        Assert.Equal(ImportStatus.ApplyQueued, app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id).Status));
        Assert.Equal(before, app.With(db => db.Services.Count()));

        await RunImportJobAsync();
        Assert.Equal(before + 700, app.With(db => db.Services.Count()));
        Assert.Equal(ImportStatus.Applied, app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id).Status));
        Assert.False((bool)JsonNode.Parse(await admin.GetStringAsync($"{url}?handler=Progress"))!["waiting"]!);
        var exchange = WebUtility.HtmlDecode(await admin.GetStringAsync("/Exchange"));
        Assert.Matches($"href=\"{Regex.Escape(url)}\">gros-fichier.csv</a> — [^<]+ — appliqué", exchange);

        // Someone else's batch does not show its progress.
        var css = await app.SignedInAsync(Seeder.CssEmail);
        Assert.Equal(HttpStatusCode.NotFound, (await css.GetAsync($"{url}?handler=Progress")).StatusCode);
    }

    /// <summary>Makes the database fail after a number of writes, the way a process killed mid-import stops writing.</summary>
    sealed class FailAfterWrites(int writes) : DbCommandInterceptor
    {
        int seen;

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancel = default) =>
            Count(command) ? throw new IOException("The process died here.") : base.ReaderExecutingAsync(command, eventData, result, cancel);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancel = default) =>
            Count(command) ? throw new IOException("The process died here.") : base.NonQueryExecutingAsync(command, eventData, result, cancel);

        // PostgreSQL batches many statements into one command: count the statements.
        bool Count(DbCommand command) => (seen += Regex.Count(command.CommandText, "INSERT INTO")) > writes;
    }

    [Fact]
    public async Task An_apply_stopped_halfway_leaves_nothing_and_the_job_starts_it_over_once()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var file = BigSpreadsheet(tag, 600);
        var url = await UploadedAsync(admin, file, "gros-fichier.csv");
        var id = Guid.Parse(url.Split('/').Last());
        await RunImportJobAsync();
        var before = app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count(), db.Schedules.Count(), db.CatalogueVersions.AsNoTracking().Single().Version));

        // The holder claims the batch and dies after a few hundred writes of its one transaction.
        await app.WithAsync(db => db.ImportBatches.Where(b => b.Id == id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, ImportStatus.Applying)));
        await using (var dying = app.NewContext(new FailAfterWrites(300)))
        {
            var batch = await dying.ImportBatches.AsNoTracking().SingleAsync(b => b.Id == id);
            var died = await Assert.ThrowsAsync<DbUpdateException>(() => ImportRunner.RunAsync(dying, batch, dryRun: false, TimeProvider.System));
            Assert.IsType<IOException>(died.InnerException);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, app.With(db => (db.Organizations.Count(), db.Services.Count(), db.Locations.Count(), db.Schedules.Count(), db.CatalogueVersions.AsNoTracking().Single().Version)));
        Assert.False(app.With(db => db.Organizations.Any(o => o.Name.StartsWith($"Organisme {tag}"))));

        // The next run of the job finds the batch its dead holder left and applies the whole file, once.
        await RunImportJobAsync();
        Assert.Equal(600, app.With(db => db.Services.Count(s => s.Organization!.Name.StartsWith($"Organisme {tag}"))));
        Assert.Equal(before.Item2 + 600, app.With(db => db.Services.Count()));
        var applied = app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id));
        Assert.Equal((ImportStatus.Applied, 600), (applied.Status, applied.Created));
    }

    [Fact]
    public async Task A_small_files_apply_left_by_a_request_that_died_is_taken_over_by_the_job_after_a_while()
    {
        var admin = await app.SignedInAsync(Seeder.AdminEmail);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var small = Encoding.UTF8.GetBytes(string.Join("\r\n", Header,
            $"Organisme {tag},Aide aux devoirs,homework-help,1000 rue Rachel,Montréal,H2J 2H9,45.52,-73.58,lun 15:30-17:30,Devoirs"));
        var url = await UploadedAsync(admin, small, "petit.csv");
        var id = Guid.Parse(url.Split('/').Last());
        Assert.False(app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id).Background));

        // The request claimed the apply and its process died before the transaction: the batch says Applying, nothing is written.
        async Task ClaimedAsync(TimeSpan ago) => await app.WithAsync(db => db.ImportBatches.Where(b => b.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Status, ImportStatus.Applying).SetProperty(b => b.ApplyingSince, DateTime.UtcNow - ago)));
        await ClaimedAsync(TimeSpan.FromMinutes(1));
        await RunImportJobAsync();   // a minute: it may still be running, so the job leaves it
        Assert.Equal(ImportStatus.Applying, app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id).Status));
        Assert.False(app.With(db => db.Organizations.Any(o => o.Name == $"Organisme {tag}")));

        await ClaimedAsync(ImportBatch.InlineTakeover + TimeSpan.FromMinutes(1));
        await RunImportJobAsync();
        var applied = app.With(db => db.ImportBatches.AsNoTracking().Single(b => b.Id == id));
        Assert.Equal((ImportStatus.Applied, 1), (applied.Status, applied.Created));
        Assert.Equal(1, app.With(db => db.Services.Count(s => s.Organization!.Name == $"Organisme {tag}")));
    }
}
