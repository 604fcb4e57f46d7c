"""One story in Russian (TASS, the origin), an English and a Bengali reprint crediting TASS, and an
unrelated article: the texts the stories tests share."""

RU = ("МОСКВА, 14 сентября. /ТАСС/. Генсек ОДКБ Станислав Зась планирует направиться в Армению 15 сентября, "
      "сообщил пресс-секретарь Владимир Зайнетдинов.")
EN = ("CSTO Secretary General Stanislav Zas plans to go to Armenia on 15 September, press secretary "
      "Vladimir Zainetdinov told TASS.")
BN = ("সিএসটিও মহাসচিব স্তানিস্লাভ জাস ১৫ সেপ্টেম্বর আর্মেনিয়া সফরে যাবেন, মুখপাত্র ভ্লাদিমির জাইনেতদিনভ "
      "জানিয়েছেন, তাস জানিয়েছে।")
OTHER = "Heavy rain flooded Dhaka on Monday; 120 millimetres fell in six hours, the meteorological office said."
