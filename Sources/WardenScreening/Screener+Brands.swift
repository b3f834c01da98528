extension Screener {
    /// Screens a whole listing for a shop authorised for the brands `authorisedBrands` (brand
    /// codes of `brands.yaml`): as ``screen(listing:)``, and each brand named in the title, the
    /// description or the brand field that is not among them is a `counterfeit` finding for a
    /// reviewer (category `brand:<code>`).
    public func screen(listing: ScreenedListing, authorisedBrands: Set<String>) -> ScreeningResult {
        let title = scan(listing.title)
        let description = listing.description.map { scan($0) } ?? ScannedText(units: [])
        var findings = goodsFindings(listing, title: title, description: description)
        let brand = listing.brand.map { scan($0) } ?? ScannedText(units: [])
        func addBrands(_ text: ScannedText, field: String, isBrandField: Bool) {
            guard !text.brandNames.isEmpty else { return }
            for finding in compiled.brands.findings(in: text.units, mentions: text.brandNames, field: field, isBrandField: isBrandField)
            where !authorisedBrands.contains(String(finding.category.dropFirst("brand:".count))) {
                findings.append(finding)
            }
        }
        addBrands(title, field: "title", isBrandField: false)
        addBrands(description, field: "description", isBrandField: false)
        addBrands(brand, field: "brand", isBrandField: true)
        guard !findings.isEmpty else { return ScreeningResult(decision: .pass, findings: []) }
        return ScreeningResult(decision: findings.map(\.decision).max() ?? .pass, findings: findings)
    }
}
