using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PartnerNetwork.Core.Access;
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
    /// <summary>The app's clock. Contexts are pooled, so it is set each time one is handed out (DatabaseSetup), not injected.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>The host's change counter, set with the clock; a context made outside a host counts for nobody.</summary>
    public CatalogueChanges Changes { get; set; } = new();

    /// <summary>The app's clock, for writes that bypass SaveChanges.</summary>
    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    public DbSet<ServiceCentre> ServiceCentres => Set<ServiceCentre>();
    public DbSet<School> Schools => Set<School>();
    public DbSet<SchoolSite> SchoolSites => Set<SchoolSite>();
    public DbSet<UserSchool> UserSchools => Set<UserSchool>();
    public DbSet<NeedCategory> NeedCategories => Set<NeedCategory>();
    public DbSet<TaxonomyMapping> TaxonomyMappings => Set<TaxonomyMapping>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<ServiceCategory> ServiceCategories => Set<ServiceCategory>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<ServiceAtLocation> ServiceAtLocations => Set<ServiceAtLocation>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<CatalogueVersion> CatalogueVersions => Set<CatalogueVersion>();
    public DbSet<ListingVerification> ListingVerifications => Set<ListingVerification>();
    public DbSet<ListingChange> ListingChanges => Set<ListingChange>();
    public DbSet<Family> Families => Set<Family>();
    public DbSet<FamilyNeed> FamilyNeeds => Set<FamilyNeed>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralEvent> ReferralEvents => Set<ReferralEvent>();
    public DbSet<ReferralNote> ReferralNotes => Set<ReferralNote>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<EmailLink> EmailLinks => Set<EmailLink>();
    public DbSet<ListingClaim> ListingClaims => Set<ListingClaim>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<UserSession> Sessions => Set<UserSession>();
    public DbSet<DataProtectionKeyRow> DataProtectionKeys => Set<DataProtectionKeyRow>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Exchange.ImportBatch> ImportBatches => Set<Exchange.ImportBatch>();

    /// <summary>
    /// The tables the directory search index is built from, and the schools a search starts from (their option lists
    /// are cached with the index): a write to any of them moves the catalogue version.
    /// </summary>
    public static readonly IReadOnlySet<Type> CatalogueTypes = new HashSet<Type>
    {
        typeof(School), typeof(Organization), typeof(Service), typeof(ServiceCategory), typeof(ServiceCapacity), typeof(Location),
        typeof(ServiceAtLocation), typeof(Schedule), typeof(NeedCategory), typeof(ServiceText), typeof(OrganizationText),
    };

    /// <summary>
    /// Before saving: a changed directory record gets a new <see cref="ICatalogueRecord.Version"/> (the database checks
    /// the old one) and its <see cref="ICatalogueRecord.UpdatedAt"/>; a service whose hours, needs, sites or capacity
    /// changed counts as changed itself; and the catalogue version moves in the same transaction, so search indexes notice.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancel = default)
    {
        var (changedAt, referrals) = PrepareSave();
        if (changedAt is { } now) await StageCatalogueVersionAsync(now, cancel);
        if (referrals.Count > 0)
            SetNeedFlags(referrals, await NeedCategories.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Flag, cancel));
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancel);
        if (changedAt is not null) Changes.Signal();
        return saved;
    }

    /// <summary>The synchronous save keeps the same rules: no write path skips the versions.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        var (changedAt, referrals) = PrepareSave();
        if (changedAt is { } now) Stage(CatalogueVersions.Find(CatalogueVersion.SingletonId), now);
        if (referrals.Count > 0)
            SetNeedFlags(referrals, NeedCategories.AsNoTracking().ToDictionary(c => c.Id, c => c.Flag));
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        if (changedAt is not null) Changes.Signal();
        return saved;
    }

    static void SetNeedFlags(List<Referral> referrals, Dictionary<Guid, long> flagOf)
    {
        foreach (var referral in referrals)
            referral.NeedFlags = referral.Needs.Select(n => n.NeedCategoryId).Distinct().Sum(id => flagOf.GetValueOrDefault(id));
    }

    /// <summary>
    /// Versions the changed directory records; returns the time when the catalogue version must move (else null) and the
    /// referrals being added.
    /// </summary>
    (DateTime? ChangedAt, List<Referral> NewReferrals) PrepareSave()
    {
        ChangeTracker.DetectChanges();
        // Detected once: with auto-detection on, each Entries() call below would scan the whole tracker again (seconds
        // each when an import tracks 100,000 services). The save itself detects once more, catching the versions set here.
        var autoDetect = ChangeTracker.AutoDetectChangesEnabled;
        ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return PrepareDetected();
        }
        finally
        {
            ChangeTracker.AutoDetectChangesEnabled = autoDetect;
        }
    }

    (DateTime?, List<Referral>) PrepareDetected()
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var changed = ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        // Looked up by id once: an import saves tens of thousands of services at a time.
        var services = ChangeTracker.Entries<Service>().ToDictionary(e => e.Entity.Id);
        foreach (var serviceId in changed.Select(OwningServiceId).OfType<Guid>().Distinct())
            if (services.GetValueOrDefault(serviceId) is { State: EntityState.Unchanged } service) service.State = EntityState.Modified;
        var organizations = ChangeTracker.Entries<Organization>().ToDictionary(e => e.Entity.Id);
        foreach (var organizationId in changed.Select(e => e.Entity).OfType<OrganizationText>().Select(t => t.OrganizationId).Distinct())
            if (organizations.GetValueOrDefault(organizationId) is { State: EntityState.Unchanged } organization) organization.State = EntityState.Modified;
        foreach (var entry in ChangeTracker.Entries<ICatalogueRecord>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Entity.Version = Guid.NewGuid();
            if (!OnlyConfirmed(entry)) entry.Entity.UpdatedAt = now;
        }
        var referrals = ChangeTracker.Entries<Referral>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        return (changed.Any(e => CatalogueTypes.Contains(e.Metadata.ClrType)) ? now : null, referrals);
    }

    /// <summary>
    /// A service only confirmed (its assured date moved, nothing else) keeps its last_modified: HSDS consumers read
    /// last_modified as "the content changed", and a confirmation is not a change. The search index still rebuilds.
    /// </summary>
    static bool OnlyConfirmed(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<ICatalogueRecord> entry) =>
        entry is { State: EntityState.Modified, Entity: Service }
        && entry.Properties.Where(p => p.IsModified).All(p => p.Metadata.Name is nameof(Service.AssuredDate) or nameof(ICatalogueRecord.Version));

    static Guid? OwningServiceId(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry) => entry.Entity switch
    {
        ServiceCategory c => c.ServiceId,
        ServiceText t => t.ServiceId,
        ServiceAtLocation l => l.ServiceId,
        Schedule s => s.ServiceId,
        ServiceCapacity => (Guid?)entry.Property("ServiceId").CurrentValue,
        _ => null,
    };

    /// <summary>
    /// Saves, unless a record's version no longer matches the one the user's form showed (someone else saved first):
    /// then nothing is written, the change tracker is cleared and the answer is false. The one way to handle
    /// optimistic concurrency on every form.
    /// </summary>
    public async Task<bool> TrySaveAsync(CancellationToken cancel = default)
    {
        try
        {
            await SaveChangesAsync(cancel);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Sets the version a form showed as the one the database must still hold when this record is saved.</summary>
    public void ExpectVersion<T>(T record, Guid shownVersion) where T : class, ICatalogueRecord =>
        Entry(record).Property(r => r.Version).OriginalValue = shownVersion;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction, inside the provider's execution strategy: SQL Server's retries
    /// refuse a transaction opened outside one. A failed attempt rolled back whole; <paramref name="beforeRetry"/> runs
    /// before the next (clear what the attempt left in the change tracker, or throw to refuse the retry).
    /// </summary>
    public Task<T> InTransactionAsync<T>(Func<Task<T>> work, Action beforeRetry, CancellationToken cancel = default)
    {
        var attempt = 0;
        return Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            if (attempt++ > 0) beforeRetry();
            await using var transaction = await Database.BeginTransactionAsync(cancel);
            var result = await work();
            await transaction.CommitAsync(cancel);
            return result;
        });
    }

    /// <summary>
    /// For writes that bypass the change tracker (bulk inserts, ExecuteUpdate): moves the catalogue version now,
    /// inside whatever transaction the connection holds.
    /// </summary>
    public async Task MoveCatalogueVersionAsync(CancellationToken cancel = default)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        var moved = await CatalogueVersions.Where(v => v.Id == CatalogueVersion.SingletonId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Version, Guid.NewGuid()).SetProperty(v => v.ChangedAt, now), cancel);
        if (moved == 0)
        {
            CatalogueVersions.Add(new CatalogueVersion { Version = Guid.NewGuid(), ChangedAt = now });
            await base.SaveChangesAsync(true, cancel);
        }
        Changes.Signal();
    }

    async Task StageCatalogueVersionAsync(DateTime now, CancellationToken cancel) =>
        Stage(await CatalogueVersions.FindAsync([CatalogueVersion.SingletonId], cancel), now);

    void Stage(CatalogueVersion? stamp, DateTime now)
    {
        if (stamp is null) CatalogueVersions.Add(stamp = new CatalogueVersion());
        stamp.Version = Guid.NewGuid();
        stamp.ChangedAt = now;
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

public sealed class PostgresDb(DbContextOptions<PostgresDb> options) : PartnerNetworkDb(options);

/// <summary>
/// Counts the directory changes made through one host's contexts, so its search index checks the database's catalogue
/// version at once after a local change, and otherwise at most every few seconds (see
/// <see cref="Catalogue.CatalogueIndexCache"/>). One per host, not per process: a change made by another host in the same
/// process (tests start many) is another instance's change.
/// </summary>
public sealed class CatalogueChanges
{
    long count;

    public long Count => Interlocked.Read(ref count);

    public void Signal() => Interlocked.Increment(ref count);
}
