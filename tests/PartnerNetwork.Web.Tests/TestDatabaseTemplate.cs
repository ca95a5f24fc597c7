using Microsoft.Data.Sqlite;

namespace PartnerNetwork.Web.Tests;

/// <summary>
/// One migrated, seeded database per test run, copied for each app factory: migrating and seeding the demo is most of
/// a factory's start, and about forty factories start in a pass. SQLite: a file made with VACUUM INTO, copied.
/// PostgreSQL: a database kept without connections, used as CREATE DATABASE … TEMPLATE.
/// </summary>
public static class TestDatabaseTemplate
{
    static readonly Lazy<string> Template = new(Build);

    public static void EnsureBuilt() => _ = Template.Value;

    /// <summary>Gives the factory's database the template's content, unless a factory sharing it made it first.</summary>
    public static void CopyTo(string dbPath)
    {
        if (PostgresServer.Wanted)
        {
            PostgresServer.CreateDatabase(PostgresServer.DatabaseFor(dbPath), template: Template.Value);
            return;
        }
        if (File.Exists(dbPath)) return;
        Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
        File.Copy(Template.Value, dbPath);
    }

    static string Build()
    {
        // tools/test.sh gives its passes one folder (PN_TEST_TEMPLATE_DIR): the SQLite passes (Web, browser, timing) start
        // from one file, made by the first pass to ask while the others wait on its lock, without using the processor.
        var shared = Environment.GetEnvironmentVariable("PN_TEST_TEMPLATE_DIR");
        if (PostgresServer.Wanted || string.IsNullOrEmpty(shared)) return BuildHere();
        Directory.CreateDirectory(shared);
        var path = Path.Combine(shared, "sqlite-template.db");
        using var gate = LockFile(Path.Combine(shared, "sqlite-template.lock"));
        if (!File.Exists(path))
        {
            var made = BuildHere(deleteOnExit: false);
            File.Move(made, path);
        }
        return path;
    }

    /// <summary>An exclusive lock between processes (.NET takes an flock for FileShare.None), waited for with a bound.</summary>
    static FileStream LockFile(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10)) { Thread.Sleep(200); }
        }
    }

    static string BuildHere(bool deleteOnExit = true)
    {
        using var factory = new TemplateFactory();
        factory.Client(); // starts the app: migrations, reference data, demo scenario
        if (PostgresServer.Wanted)
        {
            factory.Dispose(); // no connection may stay open on a template
            return PostgresServer.DatabaseFor(factory.DbPath);
        }
        var copy = Path.Combine(Path.GetTempPath(), $"pn-template-{Guid.NewGuid():N}.db");
        using (var connection = new SqliteConnection($"Data Source={factory.DbPath}"))
        {
            connection.Open();
            using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $path";
            vacuum.Parameters.AddWithValue("$path", copy);
            vacuum.ExecuteNonQuery();
        }
        if (deleteOnExit) AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(copy);
        return copy;
    }

    sealed class TemplateFactory : AppFactory
    {
        protected override bool StartsFromTemplate => false;

        protected override bool KeepsDatabase => PostgresServer.Wanted;
    }
}
