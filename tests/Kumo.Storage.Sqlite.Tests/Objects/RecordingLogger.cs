using Kumo.Storage.Sqlite.Objects;
using Microsoft.Extensions.Logging;

namespace Kumo.Storage.Sqlite.Tests.Objects;

/// <summary>A logger that keeps every entry's event id and message.</summary>
internal sealed class RecordingLogger : ILogger<SqliteObjectStore>
{
    private readonly List<(int EventId, string Message)> _entries = [];

    public IReadOnlyList<(int EventId, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((eventId.Id, formatter(state, exception)));
        }
    }
}
