using TypedDgram.Contracts;

namespace TypedDgram.Tests.Reliability;

// Issue 16, finding 3: parts whose members all have defaults arrive as one byte (an empty array) yet take their whole size.

/// <summary>A 512-byte struct part: 64 longs, each with a default.</summary>
[DatagramPart]
public partial record struct FatStruct(long A0 = 0, long A1 = 0, long A2 = 0, long A3 = 0, long A4 = 0, long A5 = 0, long A6 = 0, long A7 = 0, long A8 = 0, long A9 = 0, long A10 = 0, long A11 = 0, long A12 = 0, long A13 = 0, long A14 = 0, long A15 = 0, long A16 = 0, long A17 = 0, long A18 = 0, long A19 = 0, long A20 = 0, long A21 = 0, long A22 = 0, long A23 = 0, long A24 = 0, long A25 = 0, long A26 = 0, long A27 = 0, long A28 = 0, long A29 = 0, long A30 = 0, long A31 = 0, long A32 = 0, long A33 = 0, long A34 = 0, long A35 = 0, long A36 = 0, long A37 = 0, long A38 = 0, long A39 = 0, long A40 = 0, long A41 = 0, long A42 = 0, long A43 = 0, long A44 = 0, long A45 = 0, long A46 = 0, long A47 = 0, long A48 = 0, long A49 = 0, long A50 = 0, long A51 = 0, long A52 = 0, long A53 = 0, long A54 = 0, long A55 = 0, long A56 = 0, long A57 = 0, long A58 = 0, long A59 = 0, long A60 = 0, long A61 = 0, long A62 = 0, long A63 = 0);

/// <summary>A class part of 64 longs, each with a default.</summary>
[DatagramPart]
public partial record FatClass(long A0 = 0, long A1 = 0, long A2 = 0, long A3 = 0, long A4 = 0, long A5 = 0, long A6 = 0, long A7 = 0, long A8 = 0, long A9 = 0, long A10 = 0, long A11 = 0, long A12 = 0, long A13 = 0, long A14 = 0, long A15 = 0, long A16 = 0, long A17 = 0, long A18 = 0, long A19 = 0, long A20 = 0, long A21 = 0, long A22 = 0, long A23 = 0, long A24 = 0, long A25 = 0, long A26 = 0, long A27 = 0, long A28 = 0, long A29 = 0, long A30 = 0, long A31 = 0, long A32 = 0, long A33 = 0, long A34 = 0, long A35 = 0, long A36 = 0, long A37 = 0, long A38 = 0, long A39 = 0, long A40 = 0, long A41 = 0, long A42 = 0, long A43 = 0, long A44 = 0, long A45 = 0, long A46 = 0, long A47 = 0, long A48 = 0, long A49 = 0, long A50 = 0, long A51 = 0, long A52 = 0, long A53 = 0, long A54 = 0, long A55 = 0, long A56 = 0, long A57 = 0, long A58 = 0, long A59 = 0, long A60 = 0, long A61 = 0, long A62 = 0, long A63 = 0);

[Datagram(Id = 733)]
public partial record FatStructs(FatStruct[] Items);

[Datagram(Id = 734)]
public partial record FatClasses(List<FatClass> Items);

[Datagram(Id = 735)]
public partial record EmptyMaps(List<Dictionary<int, int>> Maps);
