using System.Text.Json;
using Kumo.Sandbox.Oci;
using Kumo.Sandbox.Runtimes;

namespace Kumo.Sandbox.Stems;

/// <summary>
/// The body of a stem cell's hand-over (<c>GET /2018-06-01/runtime/kumo/specialization</c>): who the function is, the
/// complete environment its runtime would have had if started for it (without kumo-init's own variables), and the
/// command kumo-init starts in a generic stem.
/// </summary>
internal static class HandOverMessage
{
    public static byte[] Serialize(SandboxSpec spec, RuntimeDefinition runtime, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(environment);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("functionName", spec.FunctionName);
            json.WriteString("functionVersion", spec.Version);
            json.WriteString("functionArn", spec.FunctionArn);
            json.WriteString("handler", spec.Handler);
            json.WriteNumber("memoryMb", spec.MemoryMb);
            json.WriteString("initializationType", spec.InitializationType);
            json.WriteStartObject("environment");
            foreach (var (name, value) in environment)
            {
                if (!SandboxEnvironment.InitOnly.Contains(name))
                {
                    json.WriteString(name, value);
                }
            }

            json.WriteEndObject();
            json.WriteStartArray("command");
            foreach (var argument in runtime.Command)
            {
                json.WriteStringValue(argument);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
