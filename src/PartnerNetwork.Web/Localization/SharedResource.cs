namespace PartnerNetwork.Web.Localization;

/// <summary>Marker for Resources/Localization/SharedResource.{fr-CA,en-CA}.resx: every user-facing string.</summary>
public sealed class SharedResource;
