using PartnerNetwork.Core.Access;
using PartnerNetwork.Data;

namespace PartnerNetwork.Web.Security;

/// <summary>Writes who gave whom access to families (saved with the change itself), for the CSS's staff to read.</summary>
public static class AccessAudit
{
    public static void Record(PartnerNetworkDb db, DateTime now, Actor actor, User subject, Guid? serviceCentreId, AuditChange change, string details) =>
        db.Audit.Add(new AuditEntry
        {
            At = now, ActorId = actor.UserId, SubjectUserId = subject.Id, ServiceCentreId = serviceCentreId, Change = change,
            Details = details.Length > AuditEntry.DetailsMaxLength ? details[..AuditEntry.DetailsMaxLength] : details,
        });
}
