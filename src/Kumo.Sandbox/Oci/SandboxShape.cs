using System.Text.Json.Nodes;

namespace Kumo.Sandbox.Oci;

/// <summary>What sizes a sandbox and where its <c>/var/task</c> comes from: the parts of its configuration a stem cell fixes at creation.</summary>
/// <param name="MemoryMb">The memory limit, and with it the CPU shares.</param>
/// <param name="EphemeralStorageMb">The size of <c>/tmp</c>.</param>
/// <param name="TaskMount">The OCI mount of <c>/var/task</c>: the code folder, or a stem's code slot.</param>
internal sealed record SandboxShape(int MemoryMb, int EphemeralStorageMb, JsonObject TaskMount);
