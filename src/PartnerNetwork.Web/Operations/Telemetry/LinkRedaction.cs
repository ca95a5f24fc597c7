using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PartnerNetwork.Web.Operations.Telemetry;

/// <summary>
/// Keeps e-mail link tokens out of every log line and of sent mail kept in the outbox. The token is the last segment
/// of /l/{token}; ASP.NET's hosting writes the request path in its "Request starting" line and in its log scope before
/// any middleware runs, so the redaction wraps the logger factory itself: every logger, every provider.
/// </summary>
public static partial class LinkRedaction
{
    public const string Placeholder = "/l/[redacted]";

    // The path, and the route value as routing's debug lines print it ("token=[…]"), should a link ever be generated.
    [GeneratedRegex(@"/l/[A-Za-z0-9_-]+|(?<=\btoken=\[?)[A-Za-z0-9_-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex LinkToken();

    public static bool Carries(string? text) =>
        text is not null && (text.Contains("/l/", StringComparison.Ordinal) || text.Contains("token=", StringComparison.Ordinal)) && LinkToken().IsMatch(text);

    public static string Redact(string text) =>
        Carries(text) ? LinkToken().Replace(text, m => m.Value.StartsWith("/l/", StringComparison.Ordinal) ? Placeholder : "[redacted]") : text;

    /// <summary>Replaces the app's logger factory by one whose loggers redact; the original still owns the providers.</summary>
    public static void AddTo(IServiceCollection services)
    {
        var original = services.LastOrDefault(d => d.ServiceType == typeof(ILoggerFactory) && d.ImplementationType is not null)
                       ?? throw new InvalidOperationException("No logger factory to wrap.");
        services.RemoveAll<ILoggerFactory>();
        services.TryAddSingleton(original.ImplementationType!);
        services.AddSingleton<ILoggerFactory>(sp => new RedactingLoggerFactory((ILoggerFactory)sp.GetRequiredService(original.ImplementationType!)));
    }

    sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        // The container disposes the inner factory (it registered it).
        public void Dispose()
        {
        }
    }

    sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
            Needs(state, state.ToString()) ? inner.BeginScope(Redacted.Of(state, Redact(state.ToString() ?? ""))) : inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            var message = formatter(state, exception);
            if (!Needs(state, message))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }
            inner.Log(logLevel, eventId, Redacted.Of(state, Redact(message)), exception, static (s, _) => s.ToString());
        }

        static bool Needs<TState>(TState state, string? text) =>
            Carries(text) || state is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.Any(p => Carries(Convert.ToString(p.Value)));
    }

    /// <summary>The state with its values redacted, for providers that write fields (JSON console, OpenTelemetry).</summary>
    sealed class Redacted(List<KeyValuePair<string, object?>> pairs, string text) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public static Redacted Of<TState>(TState state, string text) => new(
            state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => Carries(Convert.ToString(p.Value)) ? new KeyValuePair<string, object?>(p.Key, Redact(Convert.ToString(p.Value)!)) : p).ToList()
                : [], text);

        public KeyValuePair<string, object?> this[int index] => pairs[index];

        public int Count => pairs.Count;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => text;
    }
}
