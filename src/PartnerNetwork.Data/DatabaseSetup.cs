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
    /// Registers both provider contexts and resolves <see cref="PartnerNetworkDb"/> to the configured one.
    /// Configuration is read when a context is created, so test hosts and `dotnet ef` arguments can override it.
    /// </summary>
    public static IServiceCollection AddPartnerNetworkDb(this IServiceCollection services)
    {
        services.AddDbContext<SqliteDb>((sp, options) => options.UseSqlite(ConnectionString(sp, Sqlite)));
        services.AddDbContext<SqlServerDb>((sp, options) =>
            options.UseSqlServer(ConnectionString(sp, SqlServer), sql => sql.EnableRetryOnFailure()));
        services.AddDbContext<PostgresDb>((sp, options) => options.UseNpgsql(ConnectionString(sp, Postgres)));
        services.AddScoped<PartnerNetworkDb>(sp => Provider(sp.GetRequiredService<IConfiguration>()) switch
        {
            SqlServer => sp.GetRequiredService<SqlServerDb>(),
            Postgres => sp.GetRequiredService<PostgresDb>(),
            _ => sp.GetRequiredService<SqliteDb>(),
        });
        return services;
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
