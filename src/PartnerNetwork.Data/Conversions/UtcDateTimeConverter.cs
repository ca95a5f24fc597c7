using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PartnerNetwork.Data.Conversions;

/// <summary>Stores DateTime as given (UTC by convention) and reads it back marked as UTC.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
