extension Screener {
    /// Screens a whole listing for a shop authorised for the brands `authorisedBrands` (brand
    /// codes of `brands.yaml`): as ``screen(listing:)``, and each brand named in the title, the
    /// description or the brand field that is not among them is a `counterfeit` finding for a
    /// reviewer (category `brand:<code>`).
    public func screen(listing: ScreenedListing, authorisedBrands: Set<String>) -> ScreeningResult {
        let title = compiled.normalizer.normalize(listing.title)
        let description = listing.description.map { compiled.normalizer.normalize($0) } ?? []
        var findings = goodsFindings(listing, title: title, description: description)
        let brand = listing.brand.map { compiled.normalizer.normalize($0) } ?? []
        for (field, units, isBrandField) in [("title", title, false), ("description", description, false), ("brand", brand, true)]
        where !units.isEmpty {
            for finding in compiled.brands.findings(in: units, field: field, isBrandField: isBrandField)
            where !authorisedBrands.contains(String(finding.category.dropFirst("brand:".count))) {
                findings.append(finding)
            }
        }
        guard !findings.isEmpty else { return ScreeningResult(decision: .pass, findings: []) }
        return ScreeningResult(decision: findings.map(\.decision).max() ?? .pass, findings: findings)
    }
}
