using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace PartnerNetwork.Web.Tests;

/// <summary>
/// A throwaway PostgreSQL server for the run: when <c>PN_TEST_DATABASE=Postgres</c>, Debian's initdb makes a cluster in
/// a temporary folder, listening only on a Unix socket in that folder (no TCP port to find free and race for; fsync off:
/// nothing here must survive), stopped and removed when the test process ends. Each app factory gets its own database.
/// </summary>
public static class PostgresServer
{
    public static bool Wanted => Environment.GetEnvironmentVariable("PN_TEST_DATABASE") == "Postgres";

    static readonly Lazy<string> SocketFolder = new(Start);
    static readonly string Root = Path.Combine(Path.GetTempPath(), $"pn-pg-{Guid.NewGuid():N}");

    /// <summary>The database of an app factory, named after its SQLite path so factories sharing a file share a database.</summary>
    public static string DatabaseFor(string dbPath) => "pn_" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(dbPath)))[..20].ToLowerInvariant();

    public static string ConnectionString(string database) =>
        $"Host={SocketFolder.Value};Port=5432;Database={database};Username=postgres;Password=postgres;Include Error Detail=true;Maximum Pool Size=40";

    /// <summary>Creates a database, empty or as a copy of <paramref name="template"/> (which nobody may be connected to).</summary>
    public static void CreateDatabase(string database, string? template = null)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(template is null ? $"CREATE DATABASE {database}" : $"CREATE DATABASE {database} TEMPLATE {template}", connection);
        try { command.ExecuteNonQuery(); }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase) { } // a sharing factory made it first
    }

    /// <summary>Runs one statement as the superuser, from the server's maintenance database.</summary>
    public static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static void DropDatabase(string database)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    static string Start()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (Debian package postgresql): the tests cannot start a server.");
        Directory.CreateDirectory(Root);
        File.WriteAllText(Path.Combine(Root, "pwfile"), "postgres\n");
        // initdb refuses root: the cluster belongs to the postgres user when the tests run as root.
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "-R", "postgres:postgres", Root);
        void Postgres(string program, params string[] args) =>
            Run(asRoot ? "runuser" : Path.Combine(bin, program), asRoot ? ["-u", "postgres", "--", Path.Combine(bin, program), .. args] : args);
        Postgres("initdb", "-D", Path.Combine(Root, "data"), "-U", "postgres", $"--pwfile={Path.Combine(Root, "pwfile")}",
            "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync");
        Postgres("pg_ctl", "-D", Path.Combine(Root, "data"), "-l", Path.Combine(Root, "server.log"), "-w", "-o",
            $"-p 5432 -k {Root} -c listen_addresses='' -c max_connections=400 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                NpgsqlConnection.ClearAllPools();
                Postgres("pg_ctl", "-D", Path.Combine(Root, "data"), "-m", "immediate", "-w", "stop");
            }
            finally
            {
                if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
            }
        };
        return Root;
    }

    static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({process.ExitCode}): {error.Result}{output.Result}");
    }
}

/// <summary>A test about the SQLite file itself: skipped when the suite runs on PostgreSQL.</summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute()
    {
        if (PostgresServer.Wanted) Skip = "About the SQLite file itself; the suite runs on PostgreSQL.";
    }
}
