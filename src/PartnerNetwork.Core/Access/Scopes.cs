using PartnerNetwork.Core.Catalogue;
using PartnerNetwork.Core.Families;
using PartnerNetwork.Core.Referrals;
using PartnerNetwork.Core.Schools;

namespace PartnerNetwork.Core.Access;

/// <summary>
/// What each role may reach, written once as queries every page, export and job starts from. A record outside the
/// scope is simply not found (404), so nobody learns which ids exist.
/// </summary>
public static class Scopes
{
    /// <summary>Agents: the families of their assigned schools. Nobody else, ever: CSS staff and admins work on aggregates.</summary>
    public static IQueryable<Family> VisibleTo(this IQueryable<Family> families, Actor actor) => actor.Role == Role.Agent
        ? families.Where(f => f.AnonymisedAt == null && actor.SchoolIds.Contains(f.SchoolId))
        : families.Where(_ => false);

    /// <summary>
    /// Agents: referrals of the families now at their schools (by the family's school, not the referral's: a family that
    /// moves takes its referrals out of the old school's sight); partner staff: warm handoffs sent to their organisation.
    /// </summary>
    public static IQueryable<Referral> VisibleTo(this IQueryable<Referral> referrals, Actor actor) => actor.Role switch
    {
        Role.Agent => referrals.Where(r => r.AnonymisedAt == null && actor.SchoolIds.Contains(r.Family!.SchoolId)),
        Role.PartnerStaff when actor.OrganizationId is { } organization =>
            referrals.Where(r => r.AnonymisedAt == null && r.OrganizationId == organization && r.Kind == ReferralKind.WarmHandoff),
        _ => referrals.Where(_ => false),
    };

    /// <summary>
    /// The other families of the same CSS, at another school, whose phone or e-mail hash equals this family's: so two
    /// agents learn they follow the same family. Only the colleague and the school may be read from them — never the record.
    /// Anonymised families never match.
    /// </summary>
    public static IQueryable<Family> SharingContactWith(this IQueryable<Family> families, Family family, Guid serviceCentreId) =>
        family.PhoneMatch is null && family.EmailMatch is null
            ? families.Where(_ => false)
            : families.Where(f => f.Id != family.Id && f.AnonymisedAt == null && f.SchoolId != family.SchoolId && f.School!.ServiceCentreId == serviceCentreId
                                  && ((family.PhoneMatch != null && f.PhoneMatch == family.PhoneMatch) || (family.EmailMatch != null && f.EmailMatch == family.EmailMatch)));

    /// <summary>The schools whose records an actor works on: an agent's assigned ones, a CSS's for its staff, all for admins.</summary>
    public static IQueryable<School> VisibleTo(this IQueryable<School> schools, Actor actor) => actor.Role switch
    {
        Role.Agent => schools.Where(s => actor.SchoolIds.Contains(s.Id)),
        Role.CssStaff when actor.ServiceCentreId is { } centre => schools.Where(s => s.ServiceCentreId == centre),
        Role.Admin => schools,
        _ => schools.Where(_ => false),
    };

    /// <summary>
    /// The schools a directory search may start from: the actor's own and their CSS's (a school is a public place; this
    /// is where to look from, not access to its records). Any other school still works by id in a search URL.
    /// </summary>
    public static IQueryable<School> OriginsFor(this IQueryable<School> schools, Actor actor) =>
        schools.Where(s => actor.SchoolIds.Contains(s.Id) || (actor.ServiceCentreId != null && s.ServiceCentreId == actor.ServiceCentreId));

    /// <summary>What searchers, the HSDS API and the exports list: active services of active organisations.</summary>
    public static IQueryable<Service> Listed(this IQueryable<Service> services) =>
        services.Where(s => s.Status == ServiceStatus.Active && s.Organization!.IsActive);

    /// <summary>
    /// The CSS a coverage or indicators page is about, first of these: CSS staff their own (another CSS's code is "not
    /// found"), admins any by code (the first by name when none is asked for); nobody else.
    /// </summary>
    public static IQueryable<ServiceCentre> CoverageFor(this IQueryable<ServiceCentre> centres, Actor actor, string? code) => actor.Role switch
    {
        Role.CssStaff when actor.ServiceCentreId is { } own => centres.Where(c => c.Id == own && (code == null || c.Code == code)),
        Role.Admin => code is null ? centres.OrderBy(c => c.Name) : centres.Where(c => c.Code == code),
        _ => centres.Where(_ => false),
    };

    /// <summary>
    /// Whether the actor imports and exports the directory, and within which CSS's territory: admins the whole directory
    /// (no CSS), CSS staff their own CSS's territory only; nobody else.
    /// </summary>
    public static bool MayExchange(Actor actor, out Guid? serviceCentreId)
    {
        serviceCentreId = actor.Role == Role.CssStaff ? actor.ServiceCentreId : null;
        return actor.Role == Role.Admin || serviceCentreId is not null;
    }

    /// <summary>A school's phone on its portrait: admins any school's, CSS staff their own CSS's schools'.</summary>
    public static bool MayEditPhone(Actor actor, School school) =>
        actor.IsAdmin || (actor.Role == Role.CssStaff && actor.ServiceCentreId == school.ServiceCentreId);

    /// <summary>Partner staff edit their own organisation's listing; admins any.</summary>
    public static IQueryable<Organization> EditableBy(this IQueryable<Organization> organizations, Actor actor) => actor.Role switch
    {
        Role.Admin => organizations,
        Role.PartnerStaff when actor.OrganizationId is { } organization => organizations.Where(o => o.Id == organization),
        _ => organizations.Where(_ => false),
    };

    public static IQueryable<Service> EditableBy(this IQueryable<Service> services, Actor actor) => actor.Role switch
    {
        Role.Admin => services,
        Role.PartnerStaff when actor.OrganizationId is { } organization => services.Where(s => s.OrganizationId == organization),
        _ => services.Where(_ => false),
    };

    public static IQueryable<Location> EditableBy(this IQueryable<Location> locations, Actor actor) => actor.Role switch
    {
        Role.Admin => locations,
        Role.PartnerStaff when actor.OrganizationId is { } organization => locations.Where(l => l.OrganizationId == organization),
        _ => locations.Where(_ => false),
    };

    /// <summary>
    /// The access changes an actor reads: CSS staff those filed with their CSS (its agents and staff), partner staff those
    /// filed with their organisation (its staff accounts), admins all. Agents read none.
    /// </summary>
    public static IQueryable<AuditEntry> ReadableBy(this IQueryable<AuditEntry> entries, Actor actor) => actor.Role switch
    {
        Role.Admin => entries,
        Role.CssStaff when actor.ServiceCentreId is { } centre => entries.Where(e => e.ServiceCentreId == centre),
        Role.PartnerStaff when actor.OrganizationId is { } organization => entries.Where(e => e.OrganizationId == organization),
        _ => entries.Where(_ => false),
    };

    /// <summary>
    /// New accesses to families the actor's CSS or organisation has not acknowledged yet. Admins grant them, so they
    /// acknowledge none: the owners do.
    /// </summary>
    public static IQueryable<AuditEntry> AwaitingAcknowledgementBy(this IQueryable<AuditEntry> entries, Actor actor) => actor.Role is Role.Admin
        ? entries.Where(_ => false)
        : entries.ReadableBy(actor).Where(e => e.AwaitsAcknowledgement && e.AcknowledgedAt == null);

    /// <summary>How the actor takes part in a referral's workflow; null when they take no part.</summary>
    public static ReferralActor? ReferralActorOf(Actor actor) => actor.Role switch
    {
        Role.Agent => ReferralActor.Agent,
        Role.PartnerStaff => ReferralActor.Partner,
        _ => null,
    };
}
