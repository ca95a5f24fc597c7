using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Data;
using PartnerNetwork.Data.Seeding;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Web.Tests.Catalogue;
using PartnerNetwork.Web.Tests.Referrals;

namespace PartnerNetwork.Web.Tests;

/// <summary>A test that needs the PostgreSQL server: run in the suite's PostgreSQL pass, skipped in the SQLite one.</summary>
public sealed class PostgresOnlyFactAttribute : FactAttribute
{
    public PostgresOnlyFactAttribute()
    {
        if (!PostgresServer.Wanted) Skip = "Runs in the PostgreSQL pass (PN_TEST_DATABASE=Postgres).";
    }
}

/// <summary>
/// Two real app processes on one PostgreSQL database, as behind a load balancer: the built app started twice with
/// <c>dotnet PartnerNetwork.Web.dll</c> on two loopback ports, once for the class (each start costs seconds): jobs on
/// every second, mail to a fake SMTP server, each run of a job logged.
/// </summary>
public sealed class ProcessPair : IAsyncLifetime
{
    // Named like an app factory's file, so the run's template can be copied to it.
    readonly string databaseName = $"two-processes-{Guid.NewGuid():N}";
    public string Database => PostgresServer.DatabaseFor(databaseName);
    readonly List<Process> processes = [];
    /// <summary>What the processes wrote, line by line.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();
    public FakeSmtpServer Smtp { get; private set; } = null!;
    public Uri A { get; private set; } = null!;
    public Uri B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!PostgresServer.Wanted) return;
        // A copy of the run's migrated, seeded template: the processes migrate and seed nothing, as on a live database.
        TestDatabaseTemplate.CopyTo(databaseName);
        Smtp = new FakeSmtpServer();
        var settings = new Dictionary<string, string>
        {
            ["Jobs__Enabled"] = "true", ["Jobs__TickSeconds"] = "1", ["Logging__LogLevel__PartnerNetwork.Web.Jobs.JobWorker"] = "Information",
            ["Mail__Mode"] = "Smtp", ["Mail__Host"] = "127.0.0.1", ["Mail__Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Mail__Security"] = "None",
        };
        A = await StartAsync(settings);
        B = await StartAsync(settings);
    }

    public Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
            process.Dispose();
        }
        Smtp?.Dispose();
        if (PostgresServer.Wanted) PostgresServer.DropDatabase(Database);
        return Task.CompletedTask;
    }

    static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PartnerNetwork.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    /// <summary>Starts the built app on a port the system gives it (port 0, read back from its log) and waits until it is ready.</summary>
    async Task<Uri> StartAsync(Dictionary<string, string> settings)
    {
        var web = Path.Combine(RepositoryRoot(), "src", "PartnerNetwork.Web");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // Debug or Release, as the tests were built
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(web, "bin", configuration, "net10.0", "PartnerNetwork.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__Postgres"] = PostgresServer.ConnectionString(Database);
        start.Environment["Demo__Enabled"] = "true";
        start.Environment["Demo__Password"] = AppFactory.Password;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information"; // "Now listening on: …"
        foreach (var (key, value) in settings) start.Environment[key] = value;
        var process = Process.Start(start)!;
        processes.Add(process);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null) return;
            Output.Enqueue(line);
            var bound = System.Text.RegularExpressions.Regex.Match(line, @"Now listening on: (http://127\.0\.0\.1:\d+)");
            if (bound.Success) listening.TrySetResult(new Uri(bound.Groups[1].Value));
        }
        process.OutputDataReceived += (_, line) => Read(line.Data);
        process.ErrorDataReceived += (_, line) => Read(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var started = Stopwatch.StartNew();
        var limit = TimeSpan.FromMinutes(2);
        var address = await listening.Task.WaitAsync(limit);
        using var probeClient = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            Assert.False(process.HasExited, $"The app process stopped with code {(process.HasExited ? process.ExitCode : 0)}.");
            try
            {
                if ((await probeClient.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return address;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (started.Elapsed > limit) throw new TimeoutException("The app process did not become ready in two minutes.");
            await Task.Delay(200);
        }
    }
}

/// <summary>What two processes on one database must agree on: sessions and form tokens, the directory, mail, job leases.</summary>
[Trait("Database", "Both")]
public sealed class TwoProcessesTests(ProcessPair pair) : IClassFixture<ProcessPair>
{
    string database => pair.Database;

    /// <summary>A browser's cookie jar: cookies ignore the port, so one jar serves both instances like one host name would.</summary>
    static HttpClient Browser(Uri home) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = home };

    [PostgresOnlyFact]
    public async Task Sign_in_and_a_form_on_one_process_work_on_the_other_and_an_edit_on_one_shows_in_the_others_search()
    {
        var (a, b) = (pair.A, pair.B);

        // Signed in on A; the cookie works on B, and a form token from A is accepted by B.
        using var partner = Browser(a);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(partner, Seeder.PartnerEmail, AppFactory.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync(new Uri(b, "/Inbox"))).StatusCode);
        var language = await AppFactory.PostFormAsync(partner, new Uri(b, "/Language").ToString(), new() { ["culture"] = "en-CA", ["returnUrl"] = "/Inbox" },
            formPage: new Uri(a, "/Inbox").ToString());
        Assert.Equal(HttpStatusCode.Redirect, language.StatusCode);
        Assert.Contains("Referrals received", WebUtility.HtmlDecode(await partner.GetStringAsync(new Uri(b, "/Inbox"))));

        // The partner renames a service and opens it on Wednesday evening through A; B's evening search finds it within the bound.
        var options = new DbContextOptionsBuilder<PostgresDb>().UseNpgsql(PostgresServer.ConnectionString(database)).Options;
        Guid serviceId;
        await using (var db = new PostgresDb(options))
        {
            var organization = await db.Users.Where(u => u.Email == Seeder.PartnerEmail).Select(u => u.OrganizationId).SingleAsync();
            serviceId = await db.Services.Where(s => s.OrganizationId == organization && s.Status == ServiceStatus.Active && !s.IsRemote).Select(s => s.Id).FirstAsync();
        }
        var name = $"Atelier Numbat {Guid.NewGuid():N}"[..24];
        var saved = await SelfServiceTests.SaveServiceAsync(partner, serviceId, fields =>
        {
            fields["Input.Name"] = name;
            for (var i = 0; i < 14; i++) { fields[$"Input.Hours[{i}].Opens"] = ""; fields[$"Input.Hours[{i}].Closes"] = ""; }
            fields["Input.Hours[2].Opens"] = "18:30"; fields["Input.Hours[2].Closes"] = "21:00";
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        using var agent = Browser(b);
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.SignInAsync(agent, Seeder.AgentEmail, AppFactory.Password)).StatusCode);
        var clock = Stopwatch.StartNew();
        string found;
        do
        {
            found = WebUtility.HtmlDecode(await agent.GetStringAsync($"/Catalogue?origin=none&evenings=true&q={Uri.EscapeDataString(name)}"));
            if (found.Contains($"r-{serviceId}")) break;
            await Task.Delay(200);
        }
        while (clock.Elapsed < TimeSpan.FromSeconds(PartnerNetwork.Data.Catalogue.CatalogueIndexCache.DefaultVersionCheckSeconds + 3));
        Assert.Contains($"r-{serviceId}", found);
    }

    [PostgresOnlyFact]
    public async Task A_burst_of_mail_drained_by_both_processes_reaches_the_smtp_server_once_per_message()
    {
        var smtp = pair.Smtp;

        var options = new DbContextOptionsBuilder<PostgresDb>().UseNpgsql(PostgresServer.ConnectionString(database)).Options;
        var now = DateTime.UtcNow;
        var burst = Enumerable.Range(0, 150).Select(i => new OutboxMessage
        {
            Id = Guid.NewGuid(), CreatedAt = now, NextAttemptAt = now, To = $"partenaire{i}@exemple.org", Subject = $"Nouvelle orientation {i}", Body = "Une famille vous est orientée.",
        }).ToList();
        await using (var db = new PostgresDb(options))
        {
            db.Outbox.AddRange(burst);
            await db.SaveChangesAsync();
        }

        var ids = burst.Select(m => m.Id).ToList();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            await using var db = new PostgresDb(options);
            if (await db.Outbox.CountAsync(m => ids.Contains(m.Id) && m.SentAt != null) == ids.Count) break;
            await Task.Delay(500);
        }
        var received = smtp.Received.ToList();
        foreach (var id in ids)
            Assert.Equal(1, received.Count(m => m.Contains($"{id:N}@partnernetwork")));
    }

    [PostgresOnlyFact]
    public async Task A_job_due_at_the_same_time_on_both_processes_runs_once()
    {
        var options = new DbContextOptionsBuilder<PostgresDb>().UseNpgsql(PostgresServer.ConnectionString(database)).Options;
        const string job = "retention";   // runs once a day: a second run would be a duplicate, not its next turn

        async Task<JobRun?> RowAsync()
        {
            await using var db = new PostgresDb(options);
            return await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(j => j.Name == job);
        }
        async Task WaitForRunAfterAsync(DateTime after)
        {
            var waiting = Stopwatch.StartNew();
            while (await RowAsync() is not { LastRunAt: { } last } || last <= after)
            {
                Assert.True(waiting.Elapsed < TimeSpan.FromSeconds(60), "The job did not run within a minute.");
                await Task.Delay(250);
            }
        }

        // Its first turn, when the processes start.
        await WaitForRunAfterAsync(DateTime.MinValue);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Due again now: both processes see it at their next tick, a second apart at most.
        var due = DateTime.UtcNow;
        pair.Output.Clear();
        await using (var db = new PostgresDb(options))
            await db.JobRuns.Where(j => j.Name == job).ExecuteUpdateAsync(s => s.SetProperty(j => j.NextRunAt, due));
        await WaitForRunAfterAsync(due);
        await Task.Delay(TimeSpan.FromSeconds(3));   // three more ticks on each process

        var runs = pair.Output.Where(line => line.Contains($"Background job {job} ran on")).ToList();
        Assert.Single(runs);
        Assert.True((await RowAsync())!.NextRunAt > DateTime.UtcNow.AddHours(1));
    }
}
