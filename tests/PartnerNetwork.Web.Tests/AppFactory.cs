using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Tests;

/// <summary>The real app on a fresh SQLite file, with the demo scenario seeded and a known demo password.</summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "Test-Passw0rd!long";

    /// <summary>A path that throws, reached only after the app's own pipeline (so its error handling applies).</summary>
    public const string ThrowPath = "/__test/throw";

    public virtual string DbPath { get; } = Path.Combine(Path.GetTempPath(), $"pn-test-{Guid.NewGuid():N}.db");

    protected virtual string Environment => "Development";

    /// <summary>
    /// Whether this factory starts from the run's migrated and seeded template database (a file copy, or
    /// CREATE DATABASE … TEMPLATE) rather than migrating and seeding its own. A factory whose seed would differ says
    /// no: another clock (the demo's dates follow "today"), another environment (another contact-matching key).
    /// </summary>
    protected virtual bool StartsFromTemplate => true;

    /// <summary>
    /// PBKDF2 iterations for the passwords this factory sets. Production strength (100,000) costs about 0.1 s of CPU per
    /// sign-in and per password set on this machine, hundreds of times a run; one test keeps it (SignInTests).
    /// </summary>
    protected virtual int PasswordIterations => TestPasswordIterations;

    public const int TestPasswordIterations = 1_000;

    public AppFactory()
    {
        // Built here, not while the host is being configured: the template is made by starting a factory of its own.
        if (StartsFromTemplate) TestDatabaseTemplate.EnsureBuilt();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        if (StartsFromTemplate) TestDatabaseTemplate.CopyTo(DbPath);
        if (PostgresServer.Wanted)
        {
            // The same suite on a real PostgreSQL server: a database of its own in the run's throwaway cluster.
            PostgresServer.CreateDatabase(PostgresServer.DatabaseFor(DbPath));
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Postgres", PostgresServer.ConnectionString(PostgresServer.DatabaseFor(DbPath)));
        }
        else
        {
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DbPath}");
        }
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:Password", Password);
        // Outside Development the app does not start without its own key (the Production factories need it).
        builder.UseSetting("Families:MatchKey", "test-only-family-match-key-0123456789abcdef");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Background jobs run when a test calls them, not on a timer.
        builder.UseSetting("Jobs:Enabled", "false");
        builder.ConfigureServices(services =>
        {
            services.AddTransient<IStartupFilter, ThrowingEndpoint>();
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordIterations);
        });
    }

    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<object>>> once = new();

    /// <summary>
    /// Setup made once for every test of a class: xunit makes a class instance per test, the class fixture (this app)
    /// lives as long as the class. For records the tests read and must leave as they found them.
    /// </summary>
    public async Task<T> OnceAsync<T>(string key, Func<Task<T>> make) where T : class =>
        (T)await once.GetOrAdd(key, _ => new Lazy<Task<object>>(async () => await make())).Value;

    public HttpClient Client(bool follow = true) =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = follow, HandleCookies = true });

    public async Task WithAsync(Func<PartnerNetworkDb, Task> work)
    {
        using var scope = Services.CreateScope();
        await work(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>());
    }

    public async Task<T> WithAsync<T>(Func<PartnerNetworkDb, Task<T>> read)
    {
        using var scope = Services.CreateScope();
        return await read(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>());
    }

    public T With<T>(Func<PartnerNetworkDb, T> read)
    {
        using var scope = Services.CreateScope();
        return read(scope.ServiceProvider.GetRequiredService<PartnerNetworkDb>());
    }

    public async Task<HttpClient> SignedInAsync(string email, string password = Password)
    {
        var client = Client(follow: false);
        var response = await SignInAsync(client, email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password) =>
        await PostFormAsync(client, "/Account/SignIn", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    /// <summary>Posts a form the way a browser does: with the antiforgery token of the page that shows it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        // The form page may itself answer 403 or 404 (e.g. the access-denied page): its token is still valid.
        var html = await (await client.GetAsync(formPage ?? url)).Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(html) };
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    /// <summary>Follows the set-password link a new user received by e-mail (the outbox) and chooses a password.</summary>
    public async Task ChoosePasswordFromMailAsync(string email, string password)
    {
        var body = With(db => db.Outbox.Where(m => m.To == email).OrderByDescending(m => m.CreatedAt).First().Body);
        var path = new Uri(Regex.Match(body, @"https?://\S+/Account/SetPassword\?\S+").Value).PathAndQuery;
        var client = Client(follow: false);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(path));
        var response = await PostFormAsync(client, path, new()
        {
            ["UserId"] = Regex.Match(page, "name=\"UserId\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Token"] = Regex.Match(page, "name=\"Token\" value=\"([^\"]+)\"").Groups[1].Value,
            ["Input.Password"] = password, ["Input.Confirm"] = password,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    public static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);

    /// <summary>A context on this app's database outside the app, with extra interceptors (to make the database fail on purpose).</summary>
    public PartnerNetworkDb NewContext(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) => PostgresServer.Wanted
        ? new PostgresDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PostgresDb>()
            .UseNpgsql(PostgresServer.ConnectionString(PostgresServer.DatabaseFor(DbPath))).AddInterceptors(interceptors).Options)
        : new SqliteDb(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<SqliteDb>()
            .UseSqlite($"Data Source={DbPath}").AddInterceptors(interceptors).Options);

    /// <summary>The template's factory keeps its database when it stops: it is the template.</summary>
    protected virtual bool KeepsDatabase => false;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepsDatabase)
        {
            SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            return;
        }
        if (PostgresServer.Wanted) PostgresServer.DropDatabase(PostgresServer.DatabaseFor(DbPath));
        SqliteConnection.ClearAllPools();
        // Dispose may run twice (sync and async paths), and a subclass may have removed the folder already.
        foreach (var file in new[] { DbPath, DbPath + "-wal", DbPath + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }

    sealed class ThrowingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(ThrowPath, a => a.Run(_ => throw new InvalidOperationException("Secret detail: connection string xyz")));
        };
    }
}

public sealed class ProductionAppFactory : AppFactory
{
    protected override string Environment => "Production";

    protected override bool StartsFromTemplate => false;
}
