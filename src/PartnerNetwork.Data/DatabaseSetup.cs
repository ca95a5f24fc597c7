using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace PartnerNetwork.Data;

public static class DatabaseSetup
{
    public const string Sqlite = "Sqlite";
    public const string SqlServer = "SqlServer";
    public const string Postgres = "Postgres";

    /// <summary>
    /// Registers the provider contexts and resolves <see cref="PartnerNetworkDb"/> to the configured one. Contexts are
    /// pooled: setting up a context's internal services cost every request more than its queries. Configuration is read
    /// when the first context is created, so test hosts and `dotnet ef` arguments can override it; the options
    /// (connection string, data folder) are then built once, not per request.
    /// </summary>
    public static IServiceCollection AddPartnerNetworkDb(this IServiceCollection services)
    {
        services.AddSingleton<CatalogueChanges>();
        // One query per read unless a query asks to be split (AsSplitQuery, where joined collections would multiply rows):
        // said once here, so EF Core does not warn about every query that includes two collections.
        Pooled<SqliteDb>(services, (sp, options) => options.UseSqlite(ConnectionString(sp, Sqlite), sql => sql.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
        Pooled<SqlServerDb>(services, (sp, options) => options.UseSqlServer(ConnectionString(sp, SqlServer),
            sql => sql.EnableRetryOnFailure().UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
        Pooled<PostgresDb>(services, (sp, options) => options.UseNpgsql(ConnectionString(sp, Postgres), sql => sql.UseQuerySplittingBehavior(QuerySplittingBehavior.SingleQuery)));
        // One registration owns the scope's context. A scope disposes what each registration handed out: registered also
        // as its provider's type, the context was disposed twice, and the second time could give it back to the pool
        // while another request was already holding it ("Cannot access a disposed context", tested).
        services.AddScoped<PartnerNetworkDb>(sp => Provider(sp.GetRequiredService<IConfiguration>()) switch
        {
            SqlServer => Rent<SqlServerDb>(sp),
            Postgres => Rent<PostgresDb>(sp),
            _ => Rent<SqliteDb>(sp),
        });
        return services;
    }

    // Each provider's context is also served on its own (dotnet ef, the migration tests): a lease of its own each time.
    static void Pooled<T>(IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure) where T : PartnerNetworkDb
    {
        services.AddPooledDbContextFactory<T>(configure);
        services.AddTransient(Rent<T>);
    }

    // Rented from the pool and given back when the scope ends, with the app's clock and change counter.
    static T Rent<T>(IServiceProvider sp) where T : PartnerNetworkDb
    {
        var db = sp.GetRequiredService<IDbContextFactory<T>>().CreateDbContext();
        db.Clock = sp.GetService<TimeProvider>() ?? TimeProvider.System;
        db.Changes = sp.GetRequiredService<CatalogueChanges>();
        return db;
    }

    public static string Provider(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? Sqlite;
        return provider is Sqlite or SqlServer or Postgres
            ? provider
            : throw new InvalidOperationException($"Database:Provider must be '{Sqlite}', '{SqlServer}' or '{Postgres}', not '{provider}'.");
    }

    static string ConnectionString(IServiceProvider sp, string provider)
    {
        var configuration = sp.GetRequiredService<IConfiguration>();
        var connectionString = configuration.GetConnectionString(provider)
            ?? throw new InvalidOperationException($"ConnectionStrings:{provider} is not set.");
        if (provider == Sqlite)
            connectionString = AnchorSqliteFile(connectionString, sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
        return connectionString;
    }

    // A relative SQLite path is taken from the content root, and its folder is created on first run.
    static string AnchorSqliteFile(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is "" or ":memory:" || builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
            return connectionString;
        builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        return builder.ToString();
    }
}
