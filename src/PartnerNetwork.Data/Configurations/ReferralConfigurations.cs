using PartnerNetwork.Core.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Notifications;
using PartnerNetwork.Core.Privacy;
using PartnerNetwork.Core.Referrals;

namespace PartnerNetwork.Data.Configurations;

public class FamilyConfiguration : IEntityTypeConfiguration<Family>
{
    public void Configure(EntityTypeBuilder<Family> family)
    {
        family.Property(f => f.Id).ValueGeneratedNever();
        family.Property(f => f.Reference).HasMaxLength(Family.ReferenceMaxLength);
        family.Property(f => f.Phone).HasMaxLength(Family.PhoneMaxLength);
        family.Property(f => f.Email).HasMaxLength(Family.EmailMaxLength);
        family.Property(f => f.PreferredLanguage).HasMaxLength(Languages.CodeMaxLength);
        family.HasOne(f => f.School).WithMany().HasForeignKey(f => f.SchoolId).OnDelete(DeleteBehavior.Restrict);
        family.HasOne<User>().WithMany().HasForeignKey(f => f.CreatedById).OnDelete(DeleteBehavior.Restrict);
        family.HasIndex(f => new { f.SchoolId, f.Reference });
        family.HasIndex(f => f.LastActivityAt);
        family.Property(f => f.PhoneMatch).HasMaxLength(ContactMatch.HashLength);
        family.Property(f => f.EmailMatch).HasMaxLength(ContactMatch.HashLength);
        family.HasIndex(f => f.PhoneMatch);
        family.HasIndex(f => f.EmailMatch);
    }
}

public class FamilyNeedConfiguration : IEntityTypeConfiguration<FamilyNeed>
{
    public void Configure(EntityTypeBuilder<FamilyNeed> need)
    {
        need.HasKey(n => new { n.FamilyId, n.NeedCategoryId });
        need.HasOne<Family>().WithMany(f => f.Needs).HasForeignKey(n => n.FamilyId);
        need.HasOne(n => n.NeedCategory).WithMany().HasForeignKey(n => n.NeedCategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ConsentConfiguration : IEntityTypeConfiguration<Consent>
{
    public void Configure(EntityTypeBuilder<Consent> consent)
    {
        consent.Property(c => c.Id).ValueGeneratedNever();
        consent.Property(c => c.GivenBy).HasMaxLength(Consent.GivenByMaxLength);
        consent.Property(c => c.Purpose).HasMaxLength(Consent.PurposeMaxLength);
        consent.HasOne<Family>().WithMany(f => f.Consents).HasForeignKey(c => c.FamilyId);
        consent.HasOne<User>().WithMany().HasForeignKey(c => c.RecordedById).OnDelete(DeleteBehavior.Restrict);
        consent.HasOne<User>().WithMany().HasForeignKey(c => c.WithdrawnById).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ConsentOrganizationConfiguration : IEntityTypeConfiguration<ConsentOrganization>
{
    public void Configure(EntityTypeBuilder<ConsentOrganization> link)
    {
        link.HasKey(l => new { l.ConsentId, l.OrganizationId });
        link.HasOne<Consent>().WithMany(c => c.Organizations).HasForeignKey(l => l.ConsentId);
        link.HasOne(l => l.Organization).WithMany().HasForeignKey(l => l.OrganizationId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> referral)
    {
        referral.Property(r => r.Id).ValueGeneratedNever();
        referral.Property(r => r.Message).HasMaxLength(Referral.MessageMaxLength);
        referral.Property(r => r.ReasonText).HasMaxLength(Referral.NoteMaxLength);
        referral.Property(r => r.SheetLanguage).HasMaxLength(Languages.CodeMaxLength);
        referral.Property(r => r.Version).IsConcurrencyToken();
        referral.HasOne(r => r.Family).WithMany(f => f.Referrals).HasForeignKey(r => r.FamilyId);
        referral.HasOne(r => r.Service).WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict);
        referral.HasOne(r => r.Organization).WithMany().HasForeignKey(r => r.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        referral.HasOne<Core.Schools.School>().WithMany().HasForeignKey(r => r.SchoolId).OnDelete(DeleteBehavior.Restrict);
        referral.HasOne<User>().WithMany().HasForeignKey(r => r.ReferredById).OnDelete(DeleteBehavior.Restrict);
        referral.HasIndex(r => new { r.OrganizationId, r.State });
        referral.HasIndex(r => new { r.SchoolId, r.State });
        // Indicators: a school's (or a CSS's) referrals of one school year, covering what they group on, so the count
        // reads the index alone.
        referral.HasIndex(r => new { r.SchoolId, r.CreatedAt, r.Kind, r.State, r.Reason, r.AcknowledgedInBusinessDays, r.NeedFlags })
            .HasDatabaseName("IX_Referrals_Indicators");
        referral.HasIndex(r => new { r.State, r.CreatedAt });
        referral.Ignore(r => r.IsOpen);
    }
}

public class ReferralNeedConfiguration : IEntityTypeConfiguration<ReferralNeed>
{
    public void Configure(EntityTypeBuilder<ReferralNeed> need)
    {
        need.HasKey(n => new { n.ReferralId, n.NeedCategoryId });
        need.HasOne<Referral>().WithMany(r => r.Needs).HasForeignKey(n => n.ReferralId);
        need.HasOne(n => n.NeedCategory).WithMany().HasForeignKey(n => n.NeedCategoryId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class ReferralEventConfiguration : IEntityTypeConfiguration<ReferralEvent>
{
    public void Configure(EntityTypeBuilder<ReferralEvent> e)
    {
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Note).HasMaxLength(Referral.NoteMaxLength);
        e.HasOne<Referral>().WithMany(r => r.Events).HasForeignKey(x => x.ReferralId);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.ActorId).OnDelete(DeleteBehavior.Restrict);
        e.Property(x => x.ViaEmail).HasMaxLength(EmailLink.EmailMaxLength);
        e.HasIndex(x => new { x.ReferralId, x.At });
    }
}

public class ReferralNoteConfiguration : IEntityTypeConfiguration<ReferralNote>
{
    public void Configure(EntityTypeBuilder<ReferralNote> note)
    {
        note.Property(n => n.Id).ValueGeneratedNever();
        note.Property(n => n.Text).HasMaxLength(Referral.NoteMaxLength);
        note.HasOne<Referral>().WithMany(r => r.Notes).HasForeignKey(n => n.ReferralId);
        note.HasOne<User>().WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
        note.Property(n => n.ViaEmail).HasMaxLength(EmailLink.EmailMaxLength);
        note.HasIndex(n => new { n.ReferralId, n.At });
    }
}

public class AccessLogEntryConfiguration : IEntityTypeConfiguration<AccessLogEntry>
{
    public void Configure(EntityTypeBuilder<AccessLogEntry> entry)
    {
        entry.HasKey(e => e.Id);
        // Kept when a family is anonymised: the log proves who looked, not what they saw.
        entry.HasIndex(e => new { e.FamilyId, e.At });
        entry.HasOne<User>().WithMany().HasForeignKey(e => e.UserId).OnDelete(DeleteBehavior.Restrict);
        entry.Property(e => e.ViaEmail).HasMaxLength(EmailLink.EmailMaxLength);
    }
}

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.Property(m => m.Id).ValueGeneratedNever();
        message.Property(m => m.To).HasMaxLength(OutboxMessage.ToMaxLength);
        message.Property(m => m.Subject).HasMaxLength(OutboxMessage.SubjectMaxLength);
        message.Property(m => m.Body).HasMaxLength(OutboxMessage.BodyMaxLength);
        message.Property(m => m.ClaimedBy).HasMaxLength(OutboxMessage.ClaimedByMaxLength);
        message.Property(m => m.LastError).HasMaxLength(OutboxMessage.ErrorMaxLength);
        message.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
    }
}
