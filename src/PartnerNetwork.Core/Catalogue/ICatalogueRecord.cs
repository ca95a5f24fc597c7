namespace PartnerNetwork.Core.Catalogue;

/// <summary>
/// A directory record two people may edit at once. <see cref="Version"/> is set by the app on every save and checked
/// by the database (optimistic concurrency): a form posts the version it showed, and a stale form is refused instead
/// of silently overwriting the other person's change.
/// </summary>
public interface ICatalogueRecord
{
    Guid Version { get; set; }

    /// <summary>UTC; HSDS's last_modified.</summary>
    DateTime UpdatedAt { get; set; }
}
