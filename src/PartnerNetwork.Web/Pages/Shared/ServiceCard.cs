using PartnerNetwork.Core.Catalogue;

namespace PartnerNetwork.Web.Pages.Shared;

/// <summary>One service as searchers see it: on the service page and in its organisation's listing.</summary>
public sealed record ServiceCard(Service Service, IReadOnlyList<Location> Locations, IReadOnlyDictionary<Guid, string> CategoryNames,
    DateOnly Today, int HeadingLevel, bool CanEdit, int StaleMonths = Service.StaleAfterMonths);
