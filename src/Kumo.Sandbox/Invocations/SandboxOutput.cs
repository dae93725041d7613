using System.Text;

namespace Kumo.Sandbox.Invocations;

/// <summary>
/// What a sandbox writes to stdout and stderr, collected for the invocation in progress (and, before the
/// first one, for init), up to a cap per invocation beyond which a marker says the rest was cut. Each line
/// keeps the time it arrived.
/// </summary>
internal sealed class SandboxOutput(int maxBytes)
{
    private readonly Lock _gate = new();
    private List<SandboxLogLine> _lines = [];
    private int _bytes;
    private bool _truncated;

    public void Append(string line)
    {
        lock (_gate)
        {
            // Stamped inside the lock, so the lines of both streams are in time order.
            var now = DateTimeOffset.UtcNow;
            if (_truncated)
            {
                return;
            }

            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (_bytes + size > maxBytes)
            {
                _lines.Add(new SandboxLogLine(now, $"[kumo] log truncated: this invocation wrote more than {maxBytes} bytes"));
                _truncated = true;
                return;
            }

            _lines.Add(new SandboxLogLine(now, line));
            _bytes += size;
        }
    }

    /// <summary>Takes what was collected and starts afresh for the next invocation.</summary>
    public IReadOnlyList<SandboxLogLine> Take()
    {
        lock (_gate)
        {
            var lines = _lines;
            _lines = [];
            _bytes = 0;
            _truncated = false;
            return lines;
        }
    }
}
