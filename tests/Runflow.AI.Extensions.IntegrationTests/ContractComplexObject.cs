using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Runflow.AI.Extensions.IntegrationTests;

/// <summary>A tool parameter whose schema carries data-annotation constraints.</summary>
public sealed class ContractComplexObject
{
    [DisplayName("Something cool")]
    [DeniedValues("abc", "def", "default")]
    public string? SomeString { get; set; }

    [AllowedValues("abc", "def", "default")]
    public string AnotherString { get; set; } = "default";

    [Range(25, 75)]
    public int Value { get; set; }

    [EmailAddress]
    public string? Email { get; set; }

    [RegularExpression("[abc]")]
    public string? RegexString { get; set; }

    [StringLength(42)]
    public string MeasuredString { get; set; } = "default";

    [Length(1, 2)]
    public int[]? MeasuredArray1 { get; set; }

    [MinLength(1)]
    public int[]? MeasuredArray2 { get; set; }

    [MaxLength(10)]
    public int[]? MeasuredArray3 { get; set; }
}
