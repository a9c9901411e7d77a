from kg.gazetteer import divisions, place_names, short_name


def test_gazetteer_hierarchy_from_codes():
    by_name = {d.name: d for d in divisions().values()}
    xiaoyi, lvliang = by_name["孝义市"], by_name["吕梁市"]
    assert xiaoyi.level == "county" and lvliang.level == "city"
    assert xiaoyi.parent == lvliang.code
    assert divisions()[lvliang.parent].name == "山西省"


def test_gazetteer_short_names_drop_the_level():
    assert short_name("柳林县") == "柳林"
    assert short_name("内蒙古自治区") == "内蒙古"
    assert short_name("新疆维吾尔自治区") == "新疆"


def test_gazetteer_excludes_ordinary_words_and_district_short_forms():
    names = set(place_names(exclude=frozenset({"合作"})))
    assert "合作" not in names and "合作市" in names
    assert "郊区" not in names


def test_gazetteer_placeholders_are_not_places():
    by_name = {d.name: d for d in divisions().values()}
    assert "市辖区" not in by_name
    pudong = by_name["浦东新区"]
    assert divisions()[pudong.parent].name == "上海市"
