using System.Text;

namespace Kumo.Sandbox.Invocations;

/// <summary>
/// What a sandbox writes to stdout and stderr, collected for the invocation in progress (and, before the
/// first one, for init), up to a cap per invocation beyond which a marker says the rest was cut.
/// </summary>
internal sealed class SandboxOutput(int maxBytes)
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private int _bytes;
    private bool _truncated;

    public void Append(string line)
    {
        lock (_gate)
        {
            if (_truncated)
            {
                return;
            }

            var size = Encoding.UTF8.GetByteCount(line) + 1;
            if (_bytes + size > maxBytes)
            {
                _text.Append("[kumo] log truncated: this invocation wrote more than ").Append(maxBytes).Append(" bytes\n");
                _truncated = true;
                return;
            }

            _text.Append(line).Append('\n');
            _bytes += size;
        }
    }

    /// <summary>Takes what was collected and starts afresh for the next invocation.</summary>
    public string Take()
    {
        lock (_gate)
        {
            var text = _text.ToString();
            _text.Clear();
            _bytes = 0;
            _truncated = false;
            return text;
        }
    }
}
