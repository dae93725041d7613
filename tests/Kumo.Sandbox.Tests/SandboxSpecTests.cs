namespace Kumo.Sandbox.Tests;

public sealed class SandboxSpecTests
{
    [Theory]
    [InlineData(127, 3, 512, "memory must be from 128 to 10240 MB, not 127")]
    [InlineData(10241, 3, 512, "memory must be from 128 to 10240 MB, not 10241")]
    [InlineData(128, 0, 512, "timeout must be from 1 to 900 seconds, not 0")]
    [InlineData(128, 901, 512, "timeout must be from 1 to 900 seconds, not 901")]
    [InlineData(128, 3, 511, "ephemeral storage must be from 512 to 10240 MB, not 511")]
    public void Problems_OutsideLambdasLimits_AreNamed(int memoryMb, int timeoutSeconds, int tmpMb, string expected)
    {
        var spec = new SandboxSpec
        {
            FunctionName = "f",
            FunctionArn = "arn",
            Runtime = "provided",
            Handler = "h",
            CodeDirectory = "/tmp",
            MemoryMb = memoryMb,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            EphemeralStorageMb = tmpMb,
        };

        Assert.Equal([expected], spec.Problems());
    }
}
