using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Data;
using PartnerNetwork.Web.Operations.CommandLine;

namespace PartnerNetwork.Web.Tests;

/// <summary>The command line as an operator meets it: the built app run as a process, its output and exit code read.</summary>
public class CommandLineTests
{
    sealed record Run(int ExitCode, string Output, string Error);

    static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "PartnerNetwork.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    /// <summary>`dotnet PartnerNetwork.Web.dll ARGS` from the project folder, as the README runs it.</summary>
    static async Task<Run> RunAsync(params string[] args)
    {
        var web = Path.Combine(RepositoryRoot(), "src", "PartnerNetwork.Web");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // Debug or Release, as the tests were built
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(web, "bin", configuration, "net10.0", "PartnerNetwork.Web.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Were a command line ever taken for "serve", the process must not keep a port or the dev database.
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={Path.Combine(Path.GetTempPath(), $"pn-cli-{Guid.NewGuid():N}.db")}";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', args)} did not exit: {await output}");
        }
        return new Run(process.ExitCode, await output, await error);
    }

    static void AssertNoStackTrace(Run run)
    {
        Assert.DoesNotContain("   at ", run.Output + run.Error);
        Assert.DoesNotContain("Exception", run.Output + run.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_lists_the_commands_one_line_each_and_exits_0_without_starting(string help)
    {
        var run = await RunAsync(help);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        var commands = run.Output[run.Output.IndexOf("Commands:", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Trim().Split(' ')[0]).ToList();
        Assert.Equal(["serve", "seed", "import", "rehash-families", "refresh-schools"], commands);
        Assert.Contains("Without a command it serves the site", run.Output);
        Assert.DoesNotContain("Now listening", run.Output);
    }

    [Theory]
    [InlineData("seed", new[] { "--services <n>", "--schools <n>", "--referrals <n>", "--seed <n>", "[default: 10000]" })]
    [InlineData("import", new[] { "<FILE>", "--apply", "--report <REPORT.csv>", "--culture" })]
    [InlineData("rehash-families", new[] { "Families:MatchKey" })]
    [InlineData("serve", new[] { "--urls", "--Section:Key value" })]
    public async Task Each_command_prints_its_options_and_exits_0(string command, string[] expected)
    {
        var run = await RunAsync(command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains($"Usage:\n  PartnerNetwork.Web {command}", run.Output.ReplaceLineEndings("\n"));
        Assert.All(expected, text => Assert.Contains(text, run.Output));
    }

    [Theory]
    [InlineData("Unrecognized command or argument '--servces'", "seed", "--servces", "10")]
    [InlineData("--services takes a whole number, 0 or more, not 'beaucoup'", "seed", "--services", "beaucoup")]
    [InlineData("--schools takes a whole number, 0 or more, not '-3'", "seed", "--schools", "-3")]
    [InlineData("Required argument 'FILE' missing", "import")]
    [InlineData("File does not exist: 'pas-de-fichier.zip'", "import", "pas-de-fichier.zip", "--apply")]
    [InlineData("Argument 'de' not recognized. Must be one of: 'fr-CA' 'en-CA' 'fr' 'en'", "import", "PartnerNetwork.Web.csproj", "--culture", "de")]
    [InlineData("Unrecognized command or argument 'encore'", "rehash-families", "encore")]
    [InlineData("Unrecognized command or argument 'sed'", "sed", "--services", "10")]
    public async Task A_wrong_option_or_argument_prints_one_line_and_the_usage_and_exits_2(string message, params string[] args)
    {
        var run = await RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output);
        var lines = run.Error.ReplaceLineEndings("\n").Split('\n');
        Assert.StartsWith($"PartnerNetwork.Web: {message}", lines[0]);
        Assert.Equal("", lines[1]);
        Assert.Contains("Usage:", run.Error);
        AssertNoStackTrace(run);
    }

    [Fact]
    [Trait("Database", "Both")] // the bulk writer is the provider's own
    public async Task Seed_twice_says_the_database_is_already_seeded_and_changes_nothing()
    {
        // The database is chosen by configuration switches after the command's options, as the README shows.
        var file = Path.Combine(Path.GetTempPath(), $"pn-seed-twice-{Guid.NewGuid():N}.db");
        var database = PostgresServer.DatabaseFor(file);
        string[] target = PostgresServer.Wanted
            ? ["--Database:Provider", "Postgres", "--ConnectionStrings:Postgres", PostgresServer.ConnectionString(database)]
            : ["--Database:Provider", "Sqlite", "--ConnectionStrings:Sqlite", $"Data Source={file}"];
        // From the run's template (migrated, province and demo seeded, as after a first start): what is checked is the
        // volume seed and its refusal the second time, not the province loaded again in two more processes.
        TestDatabaseTemplate.CopyTo(file);
        try
        {
            var first = await RunAsync(["seed", "--services", "25", "--schools", "4", .. target]);
            Assert.True(first.ExitCode == 0, first.Output + first.Error);
            Assert.Contains("Seeded 25 services", first.Output);
            var counts = Counts(database, file);

            var second = await RunAsync(["seed", "--services", "25", "--schools", "4", .. target]);
            Assert.Equal(1, second.ExitCode);
            Assert.Matches("^seed: this database already holds the organisation \".+\" that seed 7 would add: nothing was seeded\\.", second.Error);
            Assert.DoesNotContain("Seeded", second.Output);
            AssertNoStackTrace(second);
            Assert.Equal(counts, Counts(database, file));
        }
        finally
        {
            if (PostgresServer.Wanted) PostgresServer.DropDatabase(database);
            else File.Delete(file);
        }
    }

    static (int Organizations, int Services, int Schools) Counts(string database, string file)
    {
        using PartnerNetworkDb db = PostgresServer.Wanted
            ? new PostgresDb(new DbContextOptionsBuilder<PostgresDb>().UseNpgsql(PostgresServer.ConnectionString(database)).Options)
            : new SqliteDb(new DbContextOptionsBuilder<SqliteDb>().UseSqlite($"Data Source={file};Pooling=False").Options);
        return (db.Organizations.Count(), db.Services.Count(), db.Schools.Count());
    }

    [Fact]
    public void Configuration_switches_reach_the_host_as_before_and_a_command_keeps_its_own_options()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        // Serving: the arguments go to the host unchanged, whatever their form (the README's, WebApplicationFactory's).
        string[] serving = ["--urls", "http://localhost:5080", "--Demo:Password", "@Choose-a-l0ng-one!", "--environment=Development"];
        foreach (var serve in new[] { AppCommandLine.Parse(serving, output, error), AppCommandLine.Parse(["serve", .. serving], output, error) })
        {
            Assert.Equal(serving, serve.ConfigurationArgs);
            Assert.Null(serve.Command);
            Assert.Null(serve.ExitCode);
        }

        // A command: its options to the parser, --Section:Key switches (before or after them) and host keys to the host.
        var seed = AppCommandLine.Parse(["--environment", "Production", "seed", "--services", "5", "--ConnectionStrings:Sqlite", "Data Source=/tmp/v.db", "--seed=3"], output, error);
        Assert.IsType<SeedCommand>(seed.Command);
        Assert.Equal(["--environment", "Production", "--ConnectionStrings:Sqlite", "Data Source=/tmp/v.db"], seed.ConfigurationArgs);
        Assert.Equal([5, 3], new[] { "--services", "--seed" }.Select(o => seed.Parsed!.GetValue<int>(o)));
        var import = AppCommandLine.Parse(["import", "--Database:Provider", "Sqlite", "PartnerNetwork.Web.Tests.dll", "--apply"], output, error);
        Assert.IsType<ImportCommand>(import.Command);
        Assert.Equal(["--Database:Provider", "Sqlite"], import.ConfigurationArgs);
        Assert.Equal("PartnerNetwork.Web.Tests.dll", import.Parsed!.GetValue<FileInfo>("FILE")!.Name);
        Assert.Equal("", output.ToString() + error.ToString());
    }
}
