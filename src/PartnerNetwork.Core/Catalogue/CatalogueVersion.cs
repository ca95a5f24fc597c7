namespace PartnerNetwork.Core.Catalogue;

/// <summary>
/// One row whose version changes with every directory change, so each web instance knows when its
/// in-memory search index is stale.
/// </summary>
public class CatalogueVersion
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public Guid Version { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ChangedAt { get; set; }
}
