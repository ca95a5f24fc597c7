using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Data;

/// <summary>
/// The one model. Each provider has a subclass so that each keeps its own migrations
/// (Migrations/Sqlite, Migrations/SqlServer) in this assembly.
/// </summary>
public abstract class PartnerNetworkDb(DbContextOptions options) : IdentityDbContext<User, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<ServiceCentre> ServiceCentres => Set<ServiceCentre>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<UserSchool> UserSchools => Set<UserSchool>();
    public DbSet<NeedCategory> NeedCategories => Set<NeedCategory>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ServiceCategory> ServiceCategories => Set<ServiceCategory>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<ServiceAtLocation> ServiceAtLocations => Set<ServiceAtLocation>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<CatalogueVersion> CatalogueVersions => Set<CatalogueVersion>();
    public DbSet<Family> Families => Set<Family>();
    public DbSet<FamilyNeed> FamilyNeeds => Set<FamilyNeed>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralEvent> ReferralEvents => Set<ReferralEvent>();
    public DbSet<ReferralNote> ReferralNotes => Set<ReferralNote>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();

    static readonly HashSet<Type> CatalogueTypes =
    [
        typeof(Organization), typeof(Service), typeof(ServiceCategory), typeof(ServiceCapacity), typeof(Location),
        typeof(ServiceAtLocation), typeof(Schedule), typeof(NeedCategory),
    ];

    /// <summary>Any change to the directory moves its version in the same transaction: search indexes notice it.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancel = default)
    {
        if (ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                                             && CatalogueTypes.Contains(e.Metadata.ClrType)))
            await MarkCatalogueChangedAsync(cancel);
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancel);
    }

    /// <summary>Stages a new catalogue version; saved with the next SaveChanges.</summary>
    public async Task MarkCatalogueChangedAsync(CancellationToken cancel = default)
    {
        var stamp = await CatalogueVersions.FindAsync([CatalogueVersion.SingletonId], cancel);
        if (stamp is null) CatalogueVersions.Add(stamp = new CatalogueVersion());
        stamp.Version = Guid.NewGuid();
        stamp.ChangedAt = DateTime.UtcNow;
    }

    // Every DateTime is UTC; SQLite hands them back without a kind, and local-time display needs to know.
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTime>().HaveConversion<Conversions.UtcDateTimeConverter>();
        conventions.Properties<DateTime?>().HaveConversion<Conversions.UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PartnerNetworkDb).Assembly);
    }
}

public sealed class SqliteDb(DbContextOptions<SqliteDb> options) : PartnerNetworkDb(options);

public sealed class SqlServerDb(DbContextOptions<SqlServerDb> options) : PartnerNetworkDb(options);
