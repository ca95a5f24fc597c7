using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerNetwork.Core.Access;

namespace PartnerNetwork.Data.Configurations;

public class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> job)
    {
        job.HasKey(j => j.Name);
        job.Property(j => j.Name).HasMaxLength(JobRun.NameMaxLength);
        job.Property(j => j.LeasedBy).HasMaxLength(JobRun.HolderMaxLength);
        job.Property(j => j.LastError).HasMaxLength(JobRun.ErrorMaxLength);
    }
}

public class DataProtectionKeyRowConfiguration : IEntityTypeConfiguration<DataProtectionKeyRow>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRow> key)
    {
        key.ToTable("DataProtectionKeys");
        key.Property(k => k.FriendlyName).HasMaxLength(DataProtectionKeyRow.NameMaxLength);
    }
}

public class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> session)
    {
        session.HasKey(s => s.Key);
        session.Property(s => s.Key).HasMaxLength(UserSession.KeyMaxLength);
        session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        session.HasIndex(s => s.UserId);
        session.HasIndex(s => s.ExpiresAt);
    }
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    const int EnumMaxLength = 30;

    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Change).HasConversion<string>().HasMaxLength(EnumMaxLength);
        entry.Property(e => e.Before).HasMaxLength(AuditEntry.ValueMaxLength);
        entry.Property(e => e.After).HasMaxLength(AuditEntry.ValueMaxLength);
        entry.Ignore(e => e.IsPending);
        entry.HasIndex(e => new { e.ServiceCentreId, e.At });
        entry.HasIndex(e => new { e.OrganizationId, e.At });
        // The e-mail change notice looks up an account's previous address.
        entry.HasIndex(e => new { e.SubjectUserId, e.Change });
    }
}

public class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.Property(k => k.Id).ValueGeneratedNever();
        key.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength);
        key.Property(k => k.Prefix).HasMaxLength(ApiKey.PrefixLength);
        key.Property(k => k.Hash).HasMaxLength(32);
        key.HasIndex(k => k.Hash).IsUnique();
        key.HasOne<User>().WithMany().HasForeignKey(k => k.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ImportBatchConfiguration : IEntityTypeConfiguration<PartnerNetwork.Data.Exchange.ImportBatch>
{
    public void Configure(EntityTypeBuilder<PartnerNetwork.Data.Exchange.ImportBatch> batch)
    {
        batch.Property(b => b.Id).ValueGeneratedNever();
        batch.Property(b => b.FileName).HasMaxLength(PartnerNetwork.Data.Exchange.ImportBatch.FileNameMaxLength);
        batch.HasOne<User>().WithMany().HasForeignKey(b => b.CreatedById).OnDelete(DeleteBehavior.Cascade);
        batch.HasIndex(b => new { b.CreatedById, b.CreatedAt });
    }
}

public class EmailLinkConfiguration : IEntityTypeConfiguration<EmailLink>
{
    const int EnumMaxLength = 30;

    public void Configure(EntityTypeBuilder<EmailLink> link)
    {
        link.Property(l => l.Id).ValueGeneratedNever();
        link.Property(l => l.Purpose).HasConversion<string>().HasMaxLength(EnumMaxLength);
        link.Property(l => l.TokenHash).HasMaxLength(EmailLink.HashBytes);
        link.HasIndex(l => l.TokenHash).IsUnique();
        link.Property(l => l.Email).HasMaxLength(EmailLink.EmailMaxLength);
        link.HasOne<PartnerNetwork.Core.Catalogue.Organization>().WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        link.HasOne<PartnerNetwork.Core.Referrals.Referral>().WithMany().HasForeignKey(l => l.ReferralId).OnDelete(DeleteBehavior.Restrict);
        link.HasOne<PartnerNetwork.Core.Catalogue.Service>().WithMany().HasForeignKey(l => l.ServiceId).OnDelete(DeleteBehavior.Restrict);
        link.HasIndex(l => l.ReferralId);
        link.HasIndex(l => new { l.ServiceId, l.CreatedAt });
    }
}

public class ListingClaimConfiguration : IEntityTypeConfiguration<ListingClaim>
{
    public void Configure(EntityTypeBuilder<ListingClaim> claim)
    {
        claim.Property(c => c.Id).ValueGeneratedNever();
        claim.Property(c => c.Email).HasMaxLength(EmailLink.EmailMaxLength);
        claim.Property(c => c.Name).HasMaxLength(ListingClaim.NameMaxLength);
        claim.Property(c => c.Message).HasMaxLength(ListingClaim.MessageMaxLength);
        claim.Ignore(c => c.IsPending);
        claim.HasOne<PartnerNetwork.Core.Catalogue.Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        claim.HasOne<PartnerNetwork.Core.Referrals.Referral>().WithMany().HasForeignKey(c => c.ReferralId).OnDelete(DeleteBehavior.SetNull);
        claim.HasOne<User>().WithMany().HasForeignKey(c => c.DecidedById).OnDelete(DeleteBehavior.Restrict);
        claim.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Restrict);
        claim.HasIndex(c => new { c.DecidedAt, c.RequestedAt });
        claim.HasIndex(c => c.OrganizationId);
    }
}
