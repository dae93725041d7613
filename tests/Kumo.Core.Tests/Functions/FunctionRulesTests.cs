using Kumo.Abstractions.Functions;
using Kumo.Core.Functions;

namespace Kumo.Core.Tests.Functions;

public sealed class FunctionRulesTests
{
    private static readonly string[] Runtimes = ["python3.12", "nodejs20.x", "provided.al2023", "dotnet8"];

    private static readonly FunctionConfiguration Valid = new()
    {
        TenantId = "default",
        Name = "my-function",
        Runtime = "python3.12",
        Handler = "lambda_function.handler",
        CodeSha256 = new string('a', 64),
        RevisionId = "r1",
    };

    [Theory]
    [InlineData("f")]
    [InlineData("my-function")]
    [InlineData("My_Function-2")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123")]
    public void NameProblem_ValidName_IsNull(string name)
    {
        Assert.Null(FunctionRules.NameProblem(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01234567890123456789012345678901234567890123456789012345678901234")]
    [InlineData("has space")]
    [InlineData("dotted.name")]
    [InlineData("slash/name")]
    [InlineData("arn:aws:lambda:us-east-1:000000000000:function:f")]
    [InlineData("é")]
    [InlineData("abc\n")]
    public void NameProblem_InvalidName_SaysWhatIsAllowed(string name)
    {
        var problem = FunctionRules.NameProblem(name);

        Assert.Equal($"function name '{name}' is not valid: use 1 to 64 letters, digits, hyphens and underscores", problem);
    }

    [Fact]
    public void NameProblem_Null_IsAProblem()
    {
        Assert.Equal(
            "function name '' is not valid: use 1 to 64 letters, digits, hyphens and underscores",
            FunctionRules.NameProblem(null));
    }

    [Fact]
    public void Problems_ValidFunction_IsEmpty()
    {
        Assert.Empty(FunctionRules.Problems(Valid, Runtimes));
    }

    [Fact]
    public void Problems_NameOf65Characters_IsReported()
    {
        var name = new string('n', 65);

        var problem = Assert.Single(FunctionRules.Problems(Valid with { Name = name }, Runtimes));

        Assert.Equal($"function name '{name}' is not valid: use 1 to 64 letters, digits, hyphens and underscores", problem);
    }

    [Fact]
    public void Problems_UnknownRuntime_ListsTheAllowedOnesInOrder()
    {
        var problem = Assert.Single(FunctionRules.Problems(Valid with { Runtime = "cobol85" }, Runtimes));

        Assert.Equal("runtime 'cobol85' is not supported; use one of dotnet8, nodejs20.x, provided.al2023, python3.12", problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Problems_BlankHandler_IsReported(string handler)
    {
        var problem = Assert.Single(FunctionRules.Problems(Valid with { Handler = handler }, Runtimes));

        Assert.Equal($"handler '{handler}' is not valid: give 1 to 128 characters, such as index.handler", problem);
    }

    [Fact]
    public void Problems_HandlerOf128Characters_IsAcceptedAnd129IsNot()
    {
        var longest = new string('h', 126) + ".h";
        var tooLong = new string('h', 127) + ".h";

        Assert.Empty(FunctionRules.Problems(Valid with { Handler = longest }, Runtimes));
        var problem = Assert.Single(FunctionRules.Problems(Valid with { Handler = tooLong }, Runtimes));
        Assert.StartsWith($"handler '{tooLong}' is not valid", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(10240)]
    public void Problems_MemoryAtItsBounds_IsAccepted(int memoryMb)
    {
        Assert.Empty(FunctionRules.Problems(Valid with { MemoryMb = memoryMb }, Runtimes));
    }

    [Theory]
    [InlineData(127)]
    [InlineData(10241)]
    [InlineData(0)]
    public void Problems_MemoryOutOfRange_IsReported(int memoryMb)
    {
        var problem = Assert.Single(FunctionRules.Problems(Valid with { MemoryMb = memoryMb }, Runtimes));

        Assert.Equal($"MemorySize {memoryMb} is out of range: use 128 to 10240 (MB)", problem);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(900)]
    public void Problems_TimeoutAtItsBounds_IsAccepted(int seconds)
    {
        Assert.Empty(FunctionRules.Problems(Valid with { TimeoutSeconds = seconds }, Runtimes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(901)]
    [InlineData(-1)]
    public void Problems_TimeoutOutOfRange_IsReported(int seconds)
    {
        var problem = Assert.Single(FunctionRules.Problems(Valid with { TimeoutSeconds = seconds }, Runtimes));

        Assert.Equal($"Timeout {seconds} is out of range: use 1 to 900 (seconds)", problem);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(10240)]
    public void Problems_EphemeralStorageAtItsBounds_IsAccepted(int storageMb)
    {
        Assert.Empty(FunctionRules.Problems(Valid with { EphemeralStorageMb = storageMb }, Runtimes));
    }

    [Theory]
    [InlineData(511)]
    [InlineData(10241)]
    public void Problems_EphemeralStorageOutOfRange_IsReported(int storageMb)
    {
        var problem = Assert.Single(FunctionRules.Problems(Valid with { EphemeralStorageMb = storageMb }, Runtimes));

        Assert.Equal($"EphemeralStorage size {storageMb} is out of range: use 512 to 10240 (MB)", problem);
    }

    [Fact]
    public void Problems_DescriptionOf256Characters_IsAccepted()
    {
        Assert.Empty(FunctionRules.Problems(Valid with { Description = new string('d', 256) }, Runtimes));
    }

    [Fact]
    public void Problems_DescriptionOf257Characters_IsReported()
    {
        var problem = Assert.Single(FunctionRules.Problems(Valid with { Description = new string('d', 257) }, Runtimes));

        Assert.Equal("Description is 257 characters long; the limit is 256", problem);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("arn:aws:iam::123456789012:role/lambda-role")]
    [InlineData("arn:aws:iam::123456789012:role/service-role/my.role@x")]
    [InlineData("arn:aws-cn:iam::123456789012:role/r")]
    public void Problems_RoleAbsentOrAnArn_IsAccepted(string? role)
    {
        Assert.Empty(FunctionRules.Problems(Valid with { Role = role }, Runtimes));
    }

    [Theory]
    [InlineData("not-an-arn")]
    [InlineData("arn:aws:iam::12345:role/short-account")]
    [InlineData("arn:aws:iam::123456789012:user/alice")]
    [InlineData("arn:aws:s3:::bucket")]
    public void Problems_RoleThatIsNotARoleArn_IsReported(string role)
    {
        var problem = Assert.Single(FunctionRules.Problems(Valid with { Role = role }, Runtimes));

        Assert.Equal($"Role '{role}' is not a role ARN: use arn:aws:iam::123456789012:role/NAME", problem);
    }

    [Fact]
    public void Problems_EnvironmentOfExactly4096Bytes_IsAccepted()
    {
        var environment = new Dictionary<string, string> { ["KEY"] = new string('v', 4093) };

        Assert.Empty(FunctionRules.Problems(Valid with { Environment = environment }, Runtimes));
    }

    [Fact]
    public void Problems_EnvironmentOf4097Bytes_IsReportedWithItsSize()
    {
        var environment = new Dictionary<string, string> { ["A"] = new string('v', 2000), ["B"] = new string('w', 2095) };

        var problem = Assert.Single(FunctionRules.Problems(Valid with { Environment = environment }, Runtimes));

        Assert.Equal("the environment variables take 4097 bytes; the limit is 4096 bytes (keys and values together)", problem);
    }

    [Fact]
    public void Problems_EnvironmentSize_CountsUtf8BytesNotCharacters()
    {
        // 1 + 2 × 2048 = 4097 bytes in only 2049 characters.
        var environment = new Dictionary<string, string> { ["A"] = new string('é', 2048) };

        var problem = Assert.Single(FunctionRules.Problems(Valid with { Environment = environment }, Runtimes));

        Assert.Equal("the environment variables take 4097 bytes; the limit is 4096 bytes (keys and values together)", problem);
    }

    [Theory]
    [InlineData("1ABC")]
    [InlineData("MY-VAR")]
    [InlineData("MY VAR")]
    [InlineData("_PRIVATE")]
    [InlineData("")]
    public void Problems_InvalidVariableName_IsReported(string name)
    {
        var environment = new Dictionary<string, string> { [name] = "x" };

        var problem = Assert.Single(FunctionRules.Problems(Valid with { Environment = environment }, Runtimes));

        Assert.Equal(
            $"environment variable name '{name}' is not valid: start with a letter, then letters, digits and underscores",
            problem);
    }

    [Theory]
    [InlineData("AWS_REGION")]
    [InlineData("AWS_LAMBDA_FUNCTION_NAME")]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("LAMBDA_TASK_ROOT")]
    public void Problems_ReservedVariable_IsReported(string name)
    {
        var environment = new Dictionary<string, string> { [name] = "x" };

        var problem = Assert.Single(FunctionRules.Problems(Valid with { Environment = environment }, Runtimes));

        Assert.Equal($"environment variable '{name}' is reserved by the runtime; choose another name", problem);
    }

    [Theory]
    [InlineData("_HANDLER")]
    [InlineData("_X_AMZN_TRACE_ID")]
    public void Problems_ReservedVariableStartingWithUnderscore_IsRefusedOnce(string name)
    {
        var environment = new Dictionary<string, string> { [name] = "x" };

        // Refused by the name rule (a name starts with a letter) before the reserved list is consulted.
        var problem = Assert.Single(FunctionRules.Problems(Valid with { Environment = environment }, Runtimes));

        Assert.StartsWith($"environment variable name '{name}' is not valid", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws_region")]
    [InlineData("MY_AWS_REGION")]
    [InlineData("A")]
    [InlineData("Db_Host_2")]
    public void Problems_OrdinaryVariableName_IsAccepted(string name)
    {
        var environment = new Dictionary<string, string> { [name] = "x" };

        Assert.Empty(FunctionRules.Problems(Valid with { Environment = environment }, Runtimes));
    }

    [Fact]
    public void Problems_SeveralProblems_AreAllReportedInOrder()
    {
        var function = Valid with
        {
            Name = "bad name",
            Runtime = "java21",
            MemoryMb = 64,
            TimeoutSeconds = 0,
            EphemeralStorageMb = 100,
            Description = new string('d', 300),
            Role = "nope",
            Environment = new Dictionary<string, string>
            {
                ["AWS_REGION"] = "eu-west-1",
                ["9LIVES"] = new string('x', 5000),
            },
        };

        var problems = FunctionRules.Problems(function, Runtimes);

        Assert.Equal(
            [
                "function name 'bad name' is not valid: use 1 to 64 letters, digits, hyphens and underscores",
                "runtime 'java21' is not supported; use one of dotnet8, nodejs20.x, provided.al2023, python3.12",
                "MemorySize 64 is out of range: use 128 to 10240 (MB)",
                "Timeout 0 is out of range: use 1 to 900 (seconds)",
                "EphemeralStorage size 100 is out of range: use 512 to 10240 (MB)",
                "Description is 300 characters long; the limit is 256",
                "Role 'nope' is not a role ARN: use arn:aws:iam::123456789012:role/NAME",
                "environment variable 'AWS_REGION' is reserved by the runtime; choose another name",
                "environment variable name '9LIVES' is not valid: start with a letter, then letters, digits and underscores",
                "the environment variables take 5025 bytes; the limit is 4096 bytes (keys and values together)",
            ],
            problems);
    }
}
