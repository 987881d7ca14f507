"""English news sentences with Russian, French, German and Spanish translations.

Ten sentences of news style, each translated by hand by the project's authors (not machine
translated) into the four languages of ``LANGUAGES``. They check that an embedding model
puts a sentence near its translation (``benchmarks/embedding_choice.py``), and they make
the translated articles of the derivation benchmark
(``storytrace.evaluation.derivation_corpus``).
"""

from __future__ import annotations

# Each row of ``TRANSLATIONS``: the English sentence, then its translations in this order.
LANGUAGES: tuple[str, ...] = ("ru", "fr", "de", "es")
TRANSLATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "The central bank raised interest rates for the third time this year to fight inflation.",
        "Центральный банк в третий раз за этот год повысил процентные ставки, "
        "чтобы бороться с инфляцией.",
        "La banque centrale a relevé ses taux d'intérêt pour la troisième fois cette année "
        "afin de lutter contre l'inflation.",
        "Die Zentralbank hat die Zinsen in diesem Jahr zum dritten Mal erhöht, "
        "um die Inflation zu bekämpfen.",
        "El banco central subió los tipos de interés por tercera vez este año "
        "para combatir la inflación.",
    ),
    (
        "Heavy rain caused severe flooding in several villages, "
        "and hundreds of residents were evacuated.",
        "Сильные дожди вызвали серьёзные наводнения в нескольких деревнях, "
        "сотни жителей были эвакуированы.",
        "De fortes pluies ont provoqué de graves inondations dans plusieurs villages, "
        "et des centaines d'habitants ont été évacués.",
        "Starker Regen verursachte schwere Überschwemmungen in mehreren Dörfern, "
        "und Hunderte Bewohner wurden evakuiert.",
        "Las fuertes lluvias provocaron graves inundaciones en varios pueblos "
        "y cientos de vecinos fueron evacuados.",
    ),
    (
        "The prime minister announced that he will resign after losing a vote of confidence "
        "in parliament.",
        "Премьер-министр объявил, что уйдёт в отставку, после того как проиграл голосование "
        "о доверии в парламенте.",
        "Le Premier ministre a annoncé qu'il démissionnerait après avoir perdu "
        "un vote de confiance au Parlement.",
        "Der Ministerpräsident kündigte an, nach einer verlorenen Vertrauensabstimmung "
        "im Parlament zurückzutreten.",
        "El primer ministro anunció que dimitirá tras perder una cuestión de confianza "
        "en el Parlamento.",
    ),
    (
        "Police arrested two men suspected of robbing a jewellery shop in the city centre.",
        "Полиция задержала двух мужчин, подозреваемых в ограблении ювелирного магазина "
        "в центре города.",
        "La police a arrêté deux hommes soupçonnés d'avoir braqué une bijouterie du centre-ville.",
        "Die Polizei nahm zwei Männer fest, die verdächtigt werden, ein Juweliergeschäft "
        "in der Innenstadt überfallen zu haben.",
        "La policía detuvo a dos hombres sospechosos de atracar una joyería "
        "en el centro de la ciudad.",
    ),
    (
        "The company said it would cut thousands of jobs because sales of its cars "
        "had fallen sharply.",
        "Компания заявила, что сократит тысячи рабочих мест, поскольку продажи "
        "её автомобилей резко упали.",
        "L'entreprise a déclaré qu'elle supprimerait des milliers d'emplois parce que "
        "les ventes de ses voitures avaient fortement chuté.",
        "Das Unternehmen erklärte, es werde Tausende Stellen streichen, weil der Absatz "
        "seiner Autos stark eingebrochen sei.",
        "La empresa dijo que recortaría miles de empleos porque las ventas de sus coches "
        "habían caído bruscamente.",
    ),
    (
        "Scientists have discovered a new species of frog in the rainforest.",
        "Учёные обнаружили в тропическом лесу новый вид лягушек.",
        "Des scientifiques ont découvert une nouvelle espèce de grenouille "
        "dans la forêt tropicale.",
        "Wissenschaftler haben im Regenwald eine neue Froschart entdeckt.",
        "Los científicos han descubierto una nueva especie de rana en la selva tropical.",
    ),
    (
        "The national team won the final after a dramatic penalty shootout.",
        "Национальная сборная выиграла финал после драматичной серии пенальти.",
        "L'équipe nationale a remporté la finale à l'issue d'une séance de tirs au but dramatique.",
        "Die Nationalmannschaft gewann das Finale nach einem dramatischen Elfmeterschießen.",
        "La selección nacional ganó la final tras una dramática tanda de penaltis.",
    ),
    (
        "Thousands of people marched through the capital to protest against the new pension law.",
        "Тысячи людей прошли маршем по столице в знак протеста против нового пенсионного закона.",
        "Des milliers de personnes ont défilé dans la capitale pour protester contre "
        "la nouvelle loi sur les retraites.",
        "Tausende Menschen zogen durch die Hauptstadt, um gegen das neue Rentengesetz "
        "zu protestieren.",
        "Miles de personas marcharon por la capital para protestar contra la nueva ley "
        "de pensiones.",
    ),
    (
        "A fire destroyed a historic church overnight, but no one was injured.",
        "Ночью пожар уничтожил историческую церковь, но никто не пострадал.",
        "Un incendie a détruit une église historique dans la nuit, mais personne n'a été blessé.",
        "Ein Brand hat in der Nacht eine historische Kirche zerstört, "
        "verletzt wurde jedoch niemand.",
        "Un incendio destruyó una iglesia histórica durante la noche, pero nadie resultó herido.",
    ),
    (
        "The health ministry warned that the number of flu cases is rising quickly among children.",
        "Министерство здравоохранения предупредило, что число случаев гриппа среди детей "
        "быстро растёт.",
        "Le ministère de la Santé a averti que le nombre de cas de grippe augmente rapidement "
        "chez les enfants.",
        "Das Gesundheitsministerium warnte, dass die Zahl der Grippefälle bei Kindern "
        "schnell steigt.",
        "El Ministerio de Sanidad advirtió de que el número de casos de gripe aumenta "
        "rápidamente entre los niños.",
    ),
)
